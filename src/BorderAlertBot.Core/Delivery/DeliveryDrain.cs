using BorderAlertBot.Core.Storage;
using Microsoft.Extensions.Options;

namespace BorderAlertBot.Core.Delivery;

/// <summary>
/// `run --once`'s delivery: dispatches, then waits (at most <see cref="DispatcherOptions.OnceWait"/>) for
/// what it could still send — retries coming due, claims of an instance that died — and dispatches
/// again, until nothing is left that this process could send in time. Reports what stayed pending and why.
/// </summary>
public sealed class DeliveryDrain(DeliveryDispatcher dispatcher, IOutboxStore outbox, IOptions<DispatcherOptions> options,
    IOptions<InstanceOptions> instances, TimeProvider time)
{
    private static readonly TimeSpan MinWait = TimeSpan.FromMilliseconds(200);

    public async Task<(DispatchTotals Totals, PendingReport Pending)> DrainAsync(CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + options.Value.OnceWait;
        var totals = DispatchTotals.None;
        while (true)
        {
            totals += await dispatcher.DispatchAsync(cancellationToken);
            var now = time.GetUtcNow();
            var report = PendingReport.From(await outbox.GetPendingDeliveriesAsync(now, 10_000, CancellationToken.None), now, instances.Value);
            if (report.Total == 0 || cancellationToken.IsCancellationRequested || report.NextChangeUtc is not { } next || next > deadline || now >= deadline)
                return (totals, report);
            var wait = next - now;
            if (wait < MinWait) wait = MinWait;
            try { await Task.Delay(wait, time, cancellationToken); }
            catch (OperationCanceledException) { return (totals, report); }
        }
    }
}
