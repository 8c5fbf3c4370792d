using BorderAlertBot.Core.Delivery;

namespace BorderAlertBot.Hosting;

/// <summary>Wakes the dispatcher when new deliveries were committed, so an alert reaches chats within moments of its fetch.</summary>
public sealed class DispatchSignal : IDeliveryWakeup, IDisposable
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Dispose() => _signal.Dispose();

    public void DeliveriesCommitted()
    {
        try { _signal.Release(); } catch (SemaphoreFullException) { /* already raised */ }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);
}
