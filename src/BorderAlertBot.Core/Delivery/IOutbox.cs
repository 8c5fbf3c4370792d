namespace BorderAlertBot.Core.Delivery;

/// <summary>The persisted deliveries (alert × destination): claimed as leases, completed with their outcome.</summary>
public interface IOutbox
{
    /// <summary>Pending deliveries due at <paramref name="now"/>, leased to <paramref name="owner"/> until <paramref name="leaseUntil"/>.</summary>
    Task<IReadOnlyList<PendingDelivery>> ClaimDueDeliveriesAsync(string owner, DateTimeOffset now, DateTimeOffset leaseUntil, int limit, CancellationToken cancellationToken);
    Task CompleteDeliveryAsync(long deliveryId, DeliveryResult result, DateTimeOffset now, DateTimeOffset? nextAttemptUtc, CancellationToken cancellationToken);
    Task<int> CountPendingDeliveriesAsync(CancellationToken cancellationToken);
    /// <summary>Adds deliveries for an existing alert; existing alert × destination pairs are ignored.</summary>
    Task EnqueueAsync(string alertId, IReadOnlyList<RoutedDelivery> deliveries, DateTimeOffset now, CancellationToken cancellationToken);
}
