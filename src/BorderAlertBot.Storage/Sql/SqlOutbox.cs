using System.Data.Common;
using System.Globalization;
using BorderAlertBot.Core.Alerts;
using BorderAlertBot.Core.Delivery;
using static BorderAlertBot.Storage.Sql.SqlDatabase;

namespace BorderAlertBot.Storage.Sql;

/// <summary>
/// The deliveries (alert × destination): claims are leases taken with the dialect's row locking, so two
/// dispatchers never send one delivery; outcomes also pause, disable or move destinations.
/// </summary>
public sealed class SqlOutbox(SqlDatabase db) : IOutbox
{
    /// <summary>The condition on a deliveries row under which anyone may claim it.</summary>
    private const string LeaseIsFree =
        "(lease_until_utc IS NULL OR lease_until_utc < @now OR lease_owner IN (SELECT i.id FROM instances i WHERE i.expires_utc < @now))";

    /// <summary>The condition under which <c>@owner</c> still counts as alive (not a registered instance that expired).</summary>
    private const string OwnerIsAlive = "NOT EXISTS (SELECT 1 FROM instances i WHERE i.id = @owner AND i.expires_utc < @now)";

    public async Task<IReadOnlyList<PendingDelivery>> ClaimDueDeliveriesAsync(string owner, Destination? destination, DateTimeOffset now, DateTimeOffset leaseUntil, int limit, CancellationToken cancellationToken)
    {
        using var writeLock = await db.LockForWriteAsync(cancellationToken);
        await using var connection = await db.OpenAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        // Deliveries to paused or disabled destinations end here, with the reason.
        await using (var skip = Command(connection, tx, """
            UPDATE deliveries SET status = 'failed', completed_utc = @now,
                last_error = (SELECT 'destination ' || x.status || COALESCE(': ' || x.reason, '') FROM destinations x WHERE x.key = deliveries.destination)
            WHERE status = 'pending' AND next_attempt_utc <= @now AND (@dest = '' OR destination = @dest)
              AND destination IN (SELECT key FROM destinations WHERE status <> 'active');
            """))
        {
            skip.Add("@now", now.ToUnixTimeMilliseconds());
            skip.Add("@dest", destination?.Key ?? "");
            await skip.ExecuteNonQueryAsync(cancellationToken);
        }
        var ids = new Dictionary<long, long>();
        await using (var claim = Command(connection, tx, $"""
            UPDATE deliveries SET lease_owner = @owner, lease_until_utc = @lease, lease_version = lease_version + 1
            WHERE id IN (SELECT id FROM deliveries
                         WHERE status = 'pending' AND next_attempt_utc <= @now AND {LeaseIsFree}
                           AND (@dest = '' OR destination = @dest)
                         ORDER BY id LIMIT @limit {db.Dialect.SkipLocked})
            RETURNING id, lease_version;
            """))
        {
            claim.Add("@owner", owner);
            claim.Add("@lease", leaseUntil.ToUnixTimeMilliseconds());
            claim.Add("@now", now.ToUnixTimeMilliseconds());
            claim.Add("@dest", destination?.Key ?? "");
            claim.Add("@limit", limit);
            await using var reader = await claim.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken)) ids[reader.GetInt64(0)] = reader.GetInt64(1);
        }
        var result = new List<PendingDelivery>(ids.Count);
        if (ids.Count > 0)
        {
            await using var cmd = Command(connection, tx, $"""
                SELECT d.id, d.destination, a.payload, d.attempts, d.kind,
                       (SELECT d2.message_id FROM deliveries d2 JOIN alerts a2 ON a2.id = d2.alert_id
                        WHERE a2.story_id = a.story_id AND d2.destination = d.destination AND d2.status = 'sent'
                          AND d2.message_id IS NOT NULL AND d2.id <> d.id
                        ORDER BY d2.id LIMIT 1)
                FROM deliveries d JOIN alerts a ON a.id = d.alert_id
                WHERE d.id IN ({string.Join(',', ids.Keys)}) ORDER BY d.id;
                """);
            await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                result.Add(new PendingDelivery(reader.GetInt64(0), new Destination(reader.GetString(1)),
                    StoreJson.Deserialize<Alert>(reader.GetString(2)), (int)reader.GetInt64(3), NullableString(reader, 5), reader.GetString(4) == "digest",
                    owner, ids[reader.GetInt64(0)]));
        }
        await tx.CommitAsync(cancellationToken);
        return result;
    }

    public async Task<bool> CompleteDeliveryAsync(PendingDelivery claim, DeliveryResult result, DateTimeOffset now, DateTimeOffset? nextAttemptUtc, CancellationToken cancellationToken)
    {
        using var writeLock = await db.LockForWriteAsync(cancellationToken);
        long deliveryId = claim.Id;
        await using var connection = await db.OpenAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        await using (var cmd = Command(connection, tx, """
            UPDATE deliveries SET status = @status, attempts = attempts + 1, last_error = @error,
                message_id = COALESCE(@message, message_id), next_attempt_utc = COALESCE(@next, next_attempt_utc),
                completed_utc = CASE WHEN @status = 'pending' THEN NULL ELSE @now END,
                lease_owner = NULL, lease_until_utc = NULL
            WHERE id = @id AND status = 'pending' AND lease_owner = @owner AND lease_version = @version;
            """))
        {
            cmd.Add("@id", deliveryId);
            cmd.Add("@owner", claim.LeaseOwner);
            cmd.Add("@version", claim.LeaseVersion);
            cmd.Add("@status", result.Outcome switch { DeliveryOutcome.Sent => "sent", DeliveryOutcome.Failed => "failed", _ => "pending" });
            cmd.Add("@error", (object?)result.Error ?? DBNull.Value);
            cmd.Add("@message", (object?)result.MessageId ?? DBNull.Value);
            cmd.AddLong("@next", nextAttemptUtc?.ToUnixTimeMilliseconds());
            cmd.Add("@now", now.ToUnixTimeMilliseconds());
            if (await cmd.ExecuteNonQueryAsync(cancellationToken) == 0) return false; // the claim passed to another owner
        }
        if (result.MovedTo is { } moved)
        {
            // The chat moved (Telegram group → supergroup): resend this one there, re-target the
            // rest, carry the settings over, and retire the old id.
            await using var cmd = Command(connection, tx, """
                INSERT INTO deliveries(alert_id, destination, next_attempt_utc, created_utc, kind)
                SELECT alert_id, @to, @now, @now, kind FROM deliveries WHERE id = @id ON CONFLICT DO NOTHING;
                UPDATE deliveries SET destination = @to
                WHERE destination = (SELECT d.destination FROM deliveries d WHERE d.id = @id) AND status = 'pending'
                  AND NOT EXISTS (SELECT 1 FROM deliveries d2 WHERE d2.alert_id = deliveries.alert_id AND d2.destination = @to);
                INSERT INTO destinations(key, status, reason, settings, updated_utc)
                SELECT @to, 'active', NULL, settings, @now FROM destinations WHERE key = (SELECT destination FROM deliveries WHERE id = @id)
                ON CONFLICT(key) DO UPDATE SET settings = COALESCE(destinations.settings, excluded.settings), updated_utc = excluded.updated_utc;
                INSERT INTO destinations(key, status, reason, updated_utc) VALUES ((SELECT destination FROM deliveries WHERE id = @id), 'disabled', 'moved to ' || @to, @now)
                ON CONFLICT(key) DO UPDATE SET status = 'disabled', reason = excluded.reason, updated_utc = excluded.updated_utc;
                """);
            cmd.Add("@id", deliveryId);
            cmd.Add("@to", moved.Key);
            cmd.Add("@now", now.ToUnixTimeMilliseconds());
            await cmd.ExecuteNonQueryAsync(cancellationToken);
        }
        if (result.DestinationState is { } state and not DestinationStatus.Active)
        {
            await using var cmd = Command(connection, tx, """
                INSERT INTO destinations(key, status, reason, updated_utc) VALUES ((SELECT destination FROM deliveries WHERE id = @id), @status, @reason, @now)
                ON CONFLICT(key) DO UPDATE SET status = excluded.status, reason = excluded.reason, updated_utc = excluded.updated_utc;
                """);
            cmd.Add("@id", deliveryId);
            cmd.Add("@status", state == DestinationStatus.Paused ? "paused" : "disabled");
            cmd.Add("@reason", (object?)result.Error ?? DBNull.Value);
            cmd.Add("@now", now.ToUnixTimeMilliseconds());
            await cmd.ExecuteNonQueryAsync(cancellationToken);
        }
        await tx.CommitAsync(cancellationToken);
        return true;
    }

    public async Task<int> CountPendingDeliveriesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        return await CountAsync(connection, "SELECT COUNT(*) FROM deliveries WHERE status = 'pending';", cancellationToken);
    }

    public async Task EnqueueAsync(string alertId, IReadOnlyList<RoutedDelivery> deliveries, DateTimeOffset now, CancellationToken cancellationToken)
    {
        using var writeLock = await db.LockForWriteAsync(cancellationToken);
        await using var connection = await db.OpenAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        await InsertDeliveriesAsync(connection, tx, alertId, deliveries, now.ToUnixTimeMilliseconds(), cancellationToken);
        await tx.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<Destination>> GetDueDestinationsAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        await using var cmd = Command(connection, null, $"""
            SELECT destination FROM deliveries
            WHERE status = 'pending' AND next_attempt_utc <= @now AND {LeaseIsFree}
            GROUP BY destination ORDER BY MIN(id) LIMIT @limit;
            """);
        cmd.Add("@now", now.ToUnixTimeMilliseconds());
        cmd.Add("@limit", limit);
        var list = new List<Destination>();
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) list.Add(new Destination(reader.GetString(0)));
        return list;
    }

    public async Task<bool> RenewDeliveryAsync(PendingDelivery claim, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken) =>
        await db.WriteAsync($"""
            UPDATE deliveries SET lease_until_utc = @lease
            WHERE id = @id AND status = 'pending' AND lease_owner = @owner AND lease_version = @version AND {OwnerIsAlive};
            """, cancellationToken, ("@id", claim.Id), ("@owner", claim.LeaseOwner), ("@version", claim.LeaseVersion),
            ("@now", now.ToUnixTimeMilliseconds()), ("@lease", leaseUntil.ToUnixTimeMilliseconds())) > 0;

    public Task<int> ExtendDeliveryLeasesAsync(string owner, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken) =>
        db.WriteAsync($"""
            UPDATE deliveries SET lease_until_utc = @lease
            WHERE lease_owner = @owner AND status = 'pending' AND lease_until_utc >= @now AND {OwnerIsAlive};
            """, cancellationToken, ("@owner", owner), ("@now", now.ToUnixTimeMilliseconds()), ("@lease", leaseUntil.ToUnixTimeMilliseconds()));

    public async Task<IReadOnlyList<PendingState>> GetPendingDeliveriesAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        await using var cmd = Command(connection, null, """
            SELECT d.id, d.destination, d.next_attempt_utc, d.last_error, d.lease_owner, d.lease_until_utc, i.heartbeat_utc, i.expires_utc
            FROM deliveries d LEFT JOIN instances i ON i.id = d.lease_owner
            WHERE d.status = 'pending' ORDER BY d.id LIMIT @limit;
            """);
        cmd.Add("@limit", limit);
        var list = new List<PendingState>();
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            list.Add(new PendingState(reader.GetInt64(0), new Destination(reader.GetString(1)), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)),
                NullableString(reader, 3), NullableString(reader, 4), NullableTime(reader, 5), NullableTime(reader, 6), NullableTime(reader, 7)));
        return list;
    }

    internal static async Task InsertDeliveriesAsync(DbConnection connection, DbTransaction tx, string alertId, IReadOnlyList<RoutedDelivery> deliveries, long now, CancellationToken cancellationToken)
    {
        foreach (var delivery in deliveries)
        {
            await using var cmd = Command(connection, tx, "INSERT INTO deliveries(alert_id, destination, next_attempt_utc, created_utc, kind) VALUES (@alert, @dest, @next, @now, @kind) ON CONFLICT DO NOTHING;");
            cmd.Add("@alert", alertId);
            cmd.Add("@dest", delivery.Destination.Key);
            cmd.Add("@next", delivery.NotBeforeUtc?.ToUnixTimeMilliseconds() ?? now);
            cmd.Add("@now", now);
            cmd.Add("@kind", delivery.Digest ? "digest" : "alert");
            await cmd.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
