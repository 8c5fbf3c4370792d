namespace BorderAlertBot.Core.Delivery;

/// <summary>
/// The pipeline's promise to the dispatcher: after every commit that created deliveries it calls
/// <see cref="DeliveriesCommitted"/>, so they go out within moments instead of at the next poll of the
/// outbox. A wake-up only: the outbox stays the truth, and a lost signal delays, never loses.
/// </summary>
public interface IDeliveryWakeup
{
    void DeliveriesCommitted();
}
