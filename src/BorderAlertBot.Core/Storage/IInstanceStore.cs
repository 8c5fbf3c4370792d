namespace BorderAlertBot.Core.Storage;

/// <summary>
/// Which processes are alive, and named leases that one of them owns at a time. Every process that claims
/// work (deliveries, feeds, chat intake) registers a row and renews it on a timer; a lease whose owner's
/// row has expired is free at once, so the work of a process killed with -9 comes back within the
/// heartbeat expiry instead of the lease's full length.
/// </summary>
public interface IInstanceStore
{
    /// <summary>Registers or renews <paramref name="instance"/> until <paramref name="expiresUtc"/>.</summary>
    Task HeartbeatAsync(InstanceRecord instance, DateTimeOffset now, DateTimeOffset expiresUtc, CancellationToken cancellationToken);

    /// <summary>Forgets the rows of instances whose heartbeat expired before <paramref name="expiredBefore"/> (their claims ended long ago); returns how many.</summary>
    Task<int> ForgetInstancesAsync(DateTimeOffset expiredBefore, CancellationToken cancellationToken);

    /// <summary>Declares an instance dead now (a graceful stop, or a process found gone): what it held is free.</summary>
    Task ExpireInstanceAsync(string instanceId, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Instances whose heartbeat has not expired at <paramref name="now"/>.</summary>
    Task<IReadOnlyList<InstanceRecord>> GetLiveInstancesAsync(DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Takes or renews the named lease for <paramref name="owner"/> until <paramref name="untilUtc"/>. It is
    /// granted when it is free, expired, held by an instance whose heartbeat expired, or already
    /// <paramref name="owner"/>'s. Returns the lease's version (it grows on every change of owner: a
    /// fencing token), or null when another live owner holds it.
    /// </summary>
    Task<long?> TryAcquireLeaseAsync(string name, string owner, DateTimeOffset now, DateTimeOffset untilUtc, CancellationToken cancellationToken);

    /// <summary>Gives the named lease up when <paramref name="owner"/> holds it, so another instance can take it at once.</summary>
    Task ReleaseLeaseAsync(string name, string owner, CancellationToken cancellationToken);
}

/// <summary>A running process of the bot: its id (the owner name on every lease it holds), host and process id.</summary>
public sealed record InstanceRecord(string Id, string Host, long ProcessId, DateTimeOffset StartedUtc, DateTimeOffset? HeartbeatUtc = null, DateTimeOffset? ExpiresUtc = null);
