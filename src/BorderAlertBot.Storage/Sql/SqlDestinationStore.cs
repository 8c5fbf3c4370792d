using System.Data.Common;
using System.Globalization;
using BorderAlertBot.Core.Delivery;
using static BorderAlertBot.Storage.Sql.SqlDatabase;

namespace BorderAlertBot.Storage.Sql;

/// <summary>Destinations' status (paused, disabled, moved) and channel settings.</summary>
public sealed class SqlDestinationStore(SqlDatabase db) : IDestinationStore
{
    public async Task<DestinationRecord?> GetDestinationAsync(Destination destination, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        await using var cmd = Command(connection, null, "SELECT key, status, reason, settings, updated_utc FROM destinations WHERE key = @key;");
        cmd.Add("@key", destination.Key);
        var list = await ReadDestinationsAsync(cmd, cancellationToken);
        return list.Count > 0 ? list[0] : null;
    }

    public async Task<IReadOnlyList<DestinationRecord>> GetDestinationsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        await using var cmd = Command(connection, null, "SELECT key, status, reason, settings, updated_utc FROM destinations ORDER BY key;");
        return await ReadDestinationsAsync(cmd, cancellationToken);
    }

    public Task SetDestinationStatusAsync(Destination destination, DestinationStatus status, string? reason, DateTimeOffset now, CancellationToken cancellationToken) =>
        db.WriteAsync("""
            INSERT INTO destinations(key, status, reason, updated_utc) VALUES (@key, @status, @reason, @now)
            ON CONFLICT(key) DO UPDATE SET status = excluded.status, reason = excluded.reason, updated_utc = excluded.updated_utc;
            """, cancellationToken, ("@key", destination.Key), ("@status", status.ToString().ToLowerInvariant()), ("@reason", reason), ("@now", now.ToUnixTimeMilliseconds()));

    public Task SaveChannelSettingsAsync(Destination destination, ChannelSettings settings, DateTimeOffset now, CancellationToken cancellationToken) =>
        db.WriteAsync("""
            INSERT INTO destinations(key, status, settings, updated_utc) VALUES (@key, 'active', @settings, @now)
            ON CONFLICT(key) DO UPDATE SET settings = excluded.settings, updated_utc = excluded.updated_utc;
            """, cancellationToken, ("@key", destination.Key), ("@settings", StoreJson.Serialize(settings)), ("@now", now.ToUnixTimeMilliseconds()));

    public Task MoveDestinationAsync(Destination from, Destination to, DateTimeOffset now, CancellationToken cancellationToken) =>
        db.WriteAsync("""
            INSERT INTO destinations(key, status, settings, updated_utc) SELECT @to, 'active', settings, @now FROM destinations WHERE key = @from
            ON CONFLICT(key) DO UPDATE SET settings = COALESCE(destinations.settings, excluded.settings), updated_utc = excluded.updated_utc;
            INSERT INTO destinations(key, status, reason, updated_utc) VALUES (@from, 'disabled', 'moved to ' || @to, @now)
            ON CONFLICT(key) DO UPDATE SET status = 'disabled', reason = excluded.reason, updated_utc = excluded.updated_utc;
            UPDATE deliveries SET destination = @to WHERE destination = @from AND status = 'pending'
              AND NOT EXISTS (SELECT 1 FROM deliveries d2 WHERE d2.alert_id = deliveries.alert_id AND d2.destination = @to);
            """, cancellationToken, ("@from", from.Key), ("@to", to.Key), ("@now", now.ToUnixTimeMilliseconds()));

    private static async Task<IReadOnlyList<DestinationRecord>> ReadDestinationsAsync(DbCommand cmd, CancellationToken cancellationToken)
    {
        var list = new List<DestinationRecord>();
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var status = reader.GetString(1) switch { "paused" => DestinationStatus.Paused, "disabled" => DestinationStatus.Disabled, _ => DestinationStatus.Active };
            list.Add(new DestinationRecord(new Destination(reader.GetString(0)), status, NullableString(reader, 2),
                reader.IsDBNull(3) ? null : StoreJson.Deserialize<ChannelSettings>(reader.GetString(3)),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4))));
        }
        return list;
    }
}
