using System.Globalization;
using BorderAlertBot.Core.Storage;
using static BorderAlertBot.Storage.Sql.SqlDatabase;

namespace BorderAlertBot.Storage.Sql;

/// <summary>
/// Which processes are alive (the instances table of heartbeats) and named leases. A claim is free when it
/// has no lease, its lease ended, or its owner is a registered instance whose heartbeat expired; an owner
/// that never registered (a one-off tool) keeps its claim until the lease ends.
/// </summary>
public sealed class SqlInstanceStore(SqlDatabase db) : IInstanceStore
{
    public Task HeartbeatAsync(InstanceRecord instance, DateTimeOffset now, DateTimeOffset expiresUtc, CancellationToken cancellationToken) =>
        db.WriteAsync("""
            INSERT INTO instances(id, host, pid, started_utc, heartbeat_utc, expires_utc) VALUES (@id, @host, @pid, @started, @now, @expires)
            ON CONFLICT(id) DO UPDATE SET heartbeat_utc = excluded.heartbeat_utc, expires_utc = excluded.expires_utc;
            """, cancellationToken, ("@id", instance.Id), ("@host", instance.Host), ("@pid", instance.ProcessId),
            ("@started", instance.StartedUtc.ToUnixTimeMilliseconds()), ("@now", now.ToUnixTimeMilliseconds()),
            ("@expires", expiresUtc.ToUnixTimeMilliseconds()));

    public Task<int> ForgetInstancesAsync(DateTimeOffset expiredBefore, CancellationToken cancellationToken) =>
        db.WriteAsync("DELETE FROM instances WHERE expires_utc < @before;", cancellationToken, ("@before", expiredBefore.ToUnixTimeMilliseconds()));

    public Task ExpireInstanceAsync(string instanceId, DateTimeOffset now, CancellationToken cancellationToken) =>
        db.WriteAsync("UPDATE instances SET expires_utc = @dead WHERE id = @id AND expires_utc >= @dead;",
            cancellationToken, ("@id", instanceId), ("@dead", now.ToUnixTimeMilliseconds() - 1));

    public async Task<IReadOnlyList<InstanceRecord>> GetLiveInstancesAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        await using var cmd = Command(connection, null, "SELECT id, host, pid, started_utc, heartbeat_utc, expires_utc FROM instances WHERE expires_utc >= @now ORDER BY started_utc;");
        cmd.Add("@now", now.ToUnixTimeMilliseconds());
        var list = new List<InstanceRecord>();
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            list.Add(new InstanceRecord(reader.GetString(0), reader.GetString(1), reader.GetInt64(2), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5))));
        return list;
    }

    // Named leases: one owner at a time, the version a fencing token.

    public async Task<long?> TryAcquireLeaseAsync(string name, string owner, DateTimeOffset now, DateTimeOffset untilUtc, CancellationToken cancellationToken)
    {
        using var writeLock = await db.LockForWriteAsync(cancellationToken);
        await using var connection = await db.OpenAsync(cancellationToken);
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

    public Task ReleaseLeaseAsync(string name, string owner, CancellationToken cancellationToken) =>
        db.WriteAsync("UPDATE leases SET expires_utc = 0 WHERE name = @name AND owner = @owner;", cancellationToken, ("@name", name), ("@owner", owner));
}
