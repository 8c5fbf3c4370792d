using System.Data.Common;
using BorderAlertBot.Core.Delivery;
using BorderAlertBot.Core.Storage;

namespace BorderAlertBot.Storage.Sql;

/// <summary>
/// Claims that survive crashes and instances: the instances table (heartbeats), the fencing checks on
/// delivery claims, and named leases. A claim is free when it has no lease, its lease ended, or its
/// owner is a registered instance whose heartbeat expired; an owner that never registered (a one-off
/// tool) keeps its claim until the lease ends.
/// </summary>
public partial class SqlAlertStore
{
    /// <summary>The condition on a deliveries row under which anyone may claim it.</summary>
    private const string LeaseIsFree =
        "(lease_until_utc IS NULL OR lease_until_utc < @now OR lease_owner IN (SELECT i.id FROM instances i WHERE i.expires_utc < @now))";

    /// <summary>The condition under which <c>@owner</c> still counts as alive (not a registered instance that expired).</summary>
    private const string OwnerIsAlive = "NOT EXISTS (SELECT 1 FROM instances i WHERE i.id = @owner AND i.expires_utc < @now)";

    /// <summary>How long the row of an instance that stopped is kept (claims name it; their leases end long before).</summary>
    private static readonly TimeSpan ForgetInstancesAfter = TimeSpan.FromDays(1);

    public async Task<IReadOnlyList<Destination>> GetDueDestinationsAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
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
        await WriteAsync($"""
            UPDATE deliveries SET lease_until_utc = @lease
            WHERE id = @id AND status = 'pending' AND lease_owner = @owner AND lease_version = @version AND {OwnerIsAlive};
            """, cancellationToken, ("@id", claim.Id), ("@owner", claim.LeaseOwner), ("@version", claim.LeaseVersion),
            ("@now", now.ToUnixTimeMilliseconds()), ("@lease", leaseUntil.ToUnixTimeMilliseconds())) > 0;

    public Task<int> ExtendDeliveryLeasesAsync(string owner, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken) =>
        WriteAsync($"""
            UPDATE deliveries SET lease_until_utc = @lease
            WHERE lease_owner = @owner AND status = 'pending' AND lease_until_utc >= @now AND {OwnerIsAlive};
            """, cancellationToken, ("@owner", owner), ("@now", now.ToUnixTimeMilliseconds()), ("@lease", leaseUntil.ToUnixTimeMilliseconds()));

    public async Task<IReadOnlyList<PendingState>> GetPendingDeliveriesAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
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

    // ---- instances ----

    public Task HeartbeatAsync(InstanceRecord instance, DateTimeOffset now, DateTimeOffset expiresUtc, CancellationToken cancellationToken) =>
        WriteAsync("""
            INSERT INTO instances(id, host, pid, started_utc, heartbeat_utc, expires_utc) VALUES (@id, @host, @pid, @started, @now, @expires)
            ON CONFLICT(id) DO UPDATE SET heartbeat_utc = excluded.heartbeat_utc, expires_utc = excluded.expires_utc;
            DELETE FROM instances WHERE expires_utc < @forget;
            """, cancellationToken, ("@id", instance.Id), ("@host", instance.Host), ("@pid", instance.ProcessId),
            ("@started", instance.StartedUtc.ToUnixTimeMilliseconds()), ("@now", now.ToUnixTimeMilliseconds()),
            ("@expires", expiresUtc.ToUnixTimeMilliseconds()), ("@forget", (now - ForgetInstancesAfter).ToUnixTimeMilliseconds()));

    public Task ExpireInstanceAsync(string instanceId, DateTimeOffset now, CancellationToken cancellationToken) =>
        WriteAsync("UPDATE instances SET expires_utc = @dead WHERE id = @id AND expires_utc >= @dead;",
            cancellationToken, ("@id", instanceId), ("@dead", now.ToUnixTimeMilliseconds() - 1));

    public async Task<IReadOnlyList<InstanceRecord>> GetLiveInstancesAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var cmd = Command(connection, null, "SELECT id, host, pid, started_utc, heartbeat_utc, expires_utc FROM instances WHERE expires_utc >= @now ORDER BY started_utc;");
        cmd.Add("@now", now.ToUnixTimeMilliseconds());
        var list = new List<InstanceRecord>();
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            list.Add(new InstanceRecord(reader.GetString(0), reader.GetString(1), reader.GetInt64(2), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5))));
        return list;
    }

    // ---- named leases ----

    public async Task<long?> TryAcquireLeaseAsync(string name, string owner, DateTimeOffset now, DateTimeOffset untilUtc, CancellationToken cancellationToken)
    {
        await WaitWriteAsync(cancellationToken);
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            // One statement: the row is taken (version + 1) or renewed (same version) atomically, or left alone.
            await using var cmd = Command(connection, null, """
                INSERT INTO leases(name, owner, version, expires_utc) VALUES (@name, @owner, 1, @until)
                ON CONFLICT(name) DO UPDATE SET owner = excluded.owner, expires_utc = excluded.expires_utc,
                    version = CASE WHEN leases.owner = excluded.owner AND leases.expires_utc >= @now THEN leases.version ELSE leases.version + 1 END
                WHERE leases.owner = excluded.owner OR leases.expires_utc < @now
                   OR leases.owner IN (SELECT i.id FROM instances i WHERE i.expires_utc < @now)
                RETURNING version;
                """);
            cmd.Add("@name", name);
            cmd.Add("@owner", owner);
            cmd.Add("@now", now.ToUnixTimeMilliseconds());
            cmd.Add("@until", untilUtc.ToUnixTimeMilliseconds());
            return await cmd.ExecuteScalarAsync(cancellationToken) is { } v and not DBNull ? Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture) : null;
        }
        finally { ReleaseWrite(); }
    }

    public Task ReleaseLeaseAsync(string name, string owner, CancellationToken cancellationToken) =>
        WriteAsync("UPDATE leases SET expires_utc = 0 WHERE name = @name AND owner = @owner;", cancellationToken, ("@name", name), ("@owner", owner));

    // ---- story lock ----

    public Task<IAsyncDisposable> AcquireStoryLockAsync(CancellationToken cancellationToken) => _dialect.AcquireStoryLockAsync(cancellationToken);
}
