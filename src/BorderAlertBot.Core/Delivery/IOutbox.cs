namespace BorderAlertBot.Core.Delivery;

/// <summary>The persisted deliveries (alert × destination): claimed as leases with fencing tokens, completed with their outcome.</summary>
public interface IOutbox
{
    /// <summary>
    /// Pending deliveries due at <paramref name="now"/> (to <paramref name="destination"/> only, when given),
    /// leased to <paramref name="owner"/> until <paramref name="leaseUntil"/>. A delivery is claimable when
    /// it has no lease, its lease ended, or its owner's heartbeat expired; each claim raises the
    /// delivery's lease version, so the claim (owner + version) is a fencing token.
    /// </summary>
    Task<IReadOnlyList<PendingDelivery>> ClaimDueDeliveriesAsync(string owner, Destination? destination, DateTimeOffset now, DateTimeOffset leaseUntil, int limit, CancellationToken cancellationToken);

    Task<IReadOnlyList<PendingDelivery>> ClaimDueDeliveriesAsync(string owner, DateTimeOffset now, DateTimeOffset leaseUntil, int limit, CancellationToken cancellationToken) =>
        ClaimDueDeliveriesAsync(owner, null, now, leaseUntil, limit, cancellationToken);

    /// <summary>Destinations that have claimable deliveries at <paramref name="now"/>, oldest waiting first.</summary>
    Task<IReadOnlyList<Destination>> GetDueDestinationsAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Records the outcome of a claimed delivery, only while <paramref name="claim"/> still holds its lease
    /// (same owner, same version, owner alive). Returns false, changing nothing, when the lease passed to another.
    /// </summary>
    Task<bool> CompleteDeliveryAsync(PendingDelivery claim, DeliveryResult result, DateTimeOffset now, DateTimeOffset? nextAttemptUtc, CancellationToken cancellationToken);

    /// <summary>Extends one claim's lease when it still holds it: checked right before each send, so a lost claim is never sent.</summary>
    Task<bool> RenewDeliveryAsync(PendingDelivery claim, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken);

    /// <summary>Extends every lease <paramref name="owner"/> holds (while a send waits on a rate limit or a 429).</summary>
    Task<int> ExtendDeliveryLeasesAsync(string owner, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken);

    Task<int> CountPendingDeliveriesAsync(CancellationToken cancellationToken);

    /// <summary>The pending deliveries as they stand (why each is still pending), oldest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<PendingState>> GetPendingDeliveriesAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken);

    /// <summary>Adds deliveries for an existing alert; existing alert × destination pairs are ignored.</summary>
    Task EnqueueAsync(string alertId, IReadOnlyList<RoutedDelivery> deliveries, DateTimeOffset now, CancellationToken cancellationToken);
}
