using BorderAlertBot.Core.Storage;
using BorderAlertBot.Core.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BorderAlertBot.Core.Delivery;

public sealed class DispatcherOptions
{
    public const string Section = "BorderAlert:Dispatcher";

    [System.ComponentModel.DataAnnotations.Range(1, 10_000)]
    public int BatchSize { get; set; } = 100;
    /// <summary>Parallel destinations; one destination's deliveries always go in order.</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 256)]
    public int MaxParallelDestinations { get; set; } = 8;
    [System.ComponentModel.DataAnnotations.Range(1, 1000)]
    public int MaxAttempts { get; set; } = 12;
    [System.ComponentModel.DataAnnotations.Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(5);
    [System.ComponentModel.DataAnnotations.Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);
    /// <summary>A claimed delivery not completed by then (the process died) becomes due again.</summary>
    [System.ComponentModel.DataAnnotations.Range(typeof(TimeSpan), "00:00:10", "01:00:00")]
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);
}

/// <summary>
/// Sends the outbox: claims due deliveries, hands each to the sink of its platform, records the outcome.
/// A delivery is marked sent only after its sink confirmed; one that was claimed by a process that then
/// crashed is claimed again when its lease ends, and sinks make that resend idempotent where the
/// platform allows (Discord nonces).
/// </summary>
public sealed partial class DeliveryDispatcher(
    IOutboxStore outbox,
    IEnumerable<IChatSink> sinks,
    IOptions<DispatcherOptions> options,
    TimeProvider time,
    ILogger<DeliveryDispatcher> logger,
    BotMetrics? metrics = null)
{
    private readonly string _owner = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";
    // The last registration for a platform wins, so a host (or a test) can replace a sink.
    private readonly Dictionary<string, IChatSink> _sinks = sinks.GroupBy(s => s.Platform, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);

    /// <summary>Sends everything due now; returns how many deliveries reached a final state.</summary>
    public async Task<int> DispatchDueAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        int completed = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var now = time.GetUtcNow();
            var due = await outbox.ClaimDueDeliveriesAsync(_owner, now, now + o.Lease, o.BatchSize, cancellationToken);
            if (due.Count == 0) break;
            var groups = due.GroupBy(d => d.Destination).ToList();
            var results = new int[groups.Count];
            await Parallel.ForEachAsync(Enumerable.Range(0, groups.Count),
                new ParallelOptions { MaxDegreeOfParallelism = o.MaxParallelDestinations, CancellationToken = CancellationToken.None },
                async (i, _) => results[i] = await SendGroupAsync(groups[i].ToList(), cancellationToken));
            completed += results.Sum();
            if (due.Count < o.BatchSize) break;
        }
        return completed;
    }

    private async Task<int> SendGroupAsync(List<PendingDelivery> deliveries, CancellationToken cancellationToken)
    {
        int completed = 0;
        // Alerts held for this channel's digest go out as one message; the rest one by one, in order.
        var digest = deliveries.Where(d => d.Digest).ToList();
        var units = deliveries.Where(d => !d.Digest).Select(d => (IReadOnlyList<PendingDelivery>)[d]).ToList();
        if (digest.Count > 0) units.Add(digest);
        foreach (var unit in units)
        {
            var first = unit[0];
            DeliveryResult result;
            if (!_sinks.TryGetValue(first.Destination.Platform, out var sink))
            {
                result = DeliveryResult.Failed($"no sink is configured for '{first.Destination.Platform}'");
            }
            else if (cancellationToken.IsCancellationRequested)
            {
                // Stopping: leave it queued for the next run.
                foreach (var d in unit)
                    await outbox.CompleteDeliveryAsync(d.Id, DeliveryResult.Retry("stopped before sending"), time.GetUtcNow(), time.GetUtcNow(), CancellationToken.None);
                continue;
            }
            else
            {
                var alert = unit.Count == 1 && !first.Digest ? first.Alert : DigestBuilder.Build(unit.Select(d => d.Alert).ToList(), time.GetUtcNow());
                try
                {
                    result = await sink.SendAsync(new DeliveryRequest(first.Id, first.Destination, alert, first.Digest ? null : first.ReplyToMessageId, first.Attempts + 1), cancellationToken);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    result = DeliveryResult.Retry("stopped while sending");
                }
                catch (Exception ex)
                {
                    LogSinkError(logger, first.Id, first.Destination.Key, ex);
                    result = DeliveryResult.Retry($"{ex.GetType().Name}: {ex.Message}");
                }
            }

            var now = time.GetUtcNow();
            DateTimeOffset? next = null;
            if (result.Outcome == DeliveryOutcome.Retry)
            {
                if (first.Attempts + 1 >= options.Value.MaxAttempts)
                    result = DeliveryResult.Failed($"gave up after {first.Attempts + 1} attempts: {result.Error}");
                else
                    next = now + (result.RetryAfter ?? Backoff(first.Attempts));
            }
            foreach (var d in unit)
            {
                await outbox.CompleteDeliveryAsync(d.Id, result, now, next, CancellationToken.None);
                metrics?.DeliveryFinished(first.Destination.Platform, result.Outcome.ToString().ToLowerInvariant(),
                    result.Outcome == DeliveryOutcome.Sent ? now - d.Alert.CreatedUtc : null);
            }
            switch (result.Outcome)
            {
                case DeliveryOutcome.Sent: completed += unit.Count; break;
                case DeliveryOutcome.Failed: completed += unit.Count; LogFailed(logger, first.Id, first.Destination.Key, result.Error ?? ""); break;
                default: LogRetry(logger, first.Id, first.Destination.Key, result.Error ?? "", next); break;
            }
        }
        return completed;
    }

    private TimeSpan Backoff(int attempts)
    {
        var o = options.Value;
        double seconds = o.FirstRetryDelay.TotalSeconds * Math.Pow(2, Math.Min(attempts, 20));
        return TimeSpan.FromSeconds(Math.Min(seconds, o.MaxRetryDelay.TotalSeconds));
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Delivery {DeliveryId} to {Destination}: the sink threw")]
    private static partial void LogSinkError(ILogger logger, long deliveryId, string destination, Exception ex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivery {DeliveryId} to {Destination} failed for good: {Reason}")]
    private static partial void LogFailed(ILogger logger, long deliveryId, string destination, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Delivery {DeliveryId} to {Destination} will be retried at {Next}: {Reason}")]
    private static partial void LogRetry(ILogger logger, long deliveryId, string destination, string reason, DateTimeOffset? next);
}
