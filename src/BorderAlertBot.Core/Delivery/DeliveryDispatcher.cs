using BorderAlertBot.Core.Storage;
using BorderAlertBot.Core.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using BorderAlertBot.Core.Retry;

namespace BorderAlertBot.Core.Delivery;

public sealed class DispatcherOptions
{
    public const string Section = "BorderAlert:Dispatcher";

    /// <summary>The most deliveries one claim takes for one destination (fewer when the destination's rate allows fewer).</summary>
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
    /// <summary>
    /// How long a claim is reserved without renewal. Claims are sized to what the destination's rate lets
    /// out in half of it, and renewed while their sends wait, so it ends early only when its owner stalls;
    /// an owner that died frees its claims sooner, when its heartbeat expires.
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(typeof(TimeSpan), "00:00:10", "01:00:00")]
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);
    /// <summary>`run --once` waits at most this long for deliveries it can send (retries that come due, claims of dead instances).</summary>
    [System.ComponentModel.DataAnnotations.Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan OnceWait { get; set; } = TimeSpan.FromMinutes(2);
}

/// <summary>
/// Sends the outbox: per destination, claims as many due deliveries as that destination's rate lets out
/// within the lease, hands each to the sink of its platform, and records the outcome. Every claim is a
/// fencing token (owner + lease version): it is renewed right before its send and checked when the outcome
/// is written, so a process whose claim passed to another instance neither sends nor marks it. A delivery
/// is marked sent only after its sink confirmed; one whose owner died is claimed again once the owner's
/// heartbeat expires, and sinks make that resend idempotent where the platform allows (Discord nonces).
/// </summary>
public sealed partial class DeliveryDispatcher(
    IOutbox outbox,
    IEnumerable<IChatSink> sinks,
    IOptions<DispatcherOptions> options,
    TimeProvider time,
    ILogger<DeliveryDispatcher> logger,
    BotMetrics? metrics = null,
    InstanceIdentity? instance = null)
{
    private readonly string _owner = (instance ?? new InstanceIdentity()).Id;
    // The last registration for a platform wins, so a host (or a test) can replace a sink.
    private readonly Dictionary<string, IChatSink> _sinks = sinks.GroupBy(s => s.Platform, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);

    /// <summary>The owner name on this dispatcher's claims.</summary>
    public string Owner => _owner;

    /// <summary>Sends everything due now; returns how many deliveries reached a final state.</summary>
    public async Task<int> DispatchDueAsync(CancellationToken cancellationToken) => (await DispatchAsync(cancellationToken)).Completed;

    /// <summary>Sends everything due now, destination by destination; returns what happened.</summary>
    public async Task<DispatchTotals> DispatchAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        var totals = DispatchTotals.None;
        using var renewing = new CancellationTokenSource();
        var renewal = RenewLeasesAsync(renewing.Token);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var destinations = await outbox.GetDueDestinationsAsync(time.GetUtcNow(), 1000, cancellationToken);
                if (destinations.Count == 0) break;
                var results = new DispatchTotals[destinations.Count];
                await Parallel.ForEachAsync(Enumerable.Range(0, destinations.Count),
                    new ParallelOptions { MaxDegreeOfParallelism = o.MaxParallelDestinations, CancellationToken = CancellationToken.None },
                    async (i, _) => results[i] = await DrainDestinationAsync(destinations[i], cancellationToken));
                var round = results.Aggregate(DispatchTotals.None, (a, b) => a + b);
                totals += round;
                if (round.Claimed == 0) break; // due, but nothing claimable: held by others, or ended as paused/disabled
            }
        }
        finally
        {
            await renewing.CancelAsync();
            await renewal;
        }
        return totals;
    }

    /// <summary>One destination: claim what its rate lets out within half a lease, send in order, again until none is due.</summary>
    private async Task<DispatchTotals> DrainDestinationAsync(Destination destination, CancellationToken cancellationToken)
    {
        var o = options.Value;
        _sinks.TryGetValue(destination.Platform, out var sink);
        int capacity = Math.Clamp(sink?.Capacity(destination, o.Lease / 2) ?? o.BatchSize, 1, Math.Max(1, o.BatchSize));
        var totals = DispatchTotals.None;
        while (!cancellationToken.IsCancellationRequested)
        {
            var now = time.GetUtcNow();
            var claimed = await outbox.ClaimDueDeliveriesAsync(_owner, destination, now, now + o.Lease, capacity, cancellationToken);
            if (claimed.Count == 0) break;
            totals += await SendClaimedAsync(claimed, sink, cancellationToken) with { Claimed = claimed.Count };
        }
        return totals;
    }

    private async Task<DispatchTotals> SendClaimedAsync(IReadOnlyList<PendingDelivery> deliveries, IChatSink? sink, CancellationToken cancellationToken)
    {
        var totals = DispatchTotals.None;
        // Alerts held for this channel's digest go out as one message; the rest one by one, in order.
        var digest = deliveries.Where(d => d.Digest).ToList();
        var units = deliveries.Where(d => !d.Digest).Select(d => (IReadOnlyList<PendingDelivery>)[d]).ToList();
        if (digest.Count > 0) units.Add(digest);
        foreach (var claimedUnit in units)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                // Stopping: leave it queued for the next run (or the next instance), due at once.
                foreach (var d in claimedUnit)
                    await outbox.CompleteDeliveryAsync(d, DeliveryResult.Retry("stopped before sending"), time.GetUtcNow(), time.GetUtcNow(), CancellationToken.None);
                continue;
            }

            // The fence before the send: a claim that passed to another owner is not sent again by this one.
            var unit = new List<PendingDelivery>(claimedUnit.Count);
            foreach (var d in claimedUnit)
            {
                if (await outbox.RenewDeliveryAsync(d, time.GetUtcNow(), time.GetUtcNow() + options.Value.Lease, CancellationToken.None)) unit.Add(d);
                else
                {
                    totals += DispatchTotals.Lost;
                    LogLeaseLost(logger, d.Id, d.Destination.Key, "before sending: not sent");
                }
            }
            if (unit.Count == 0) continue;

            var first = unit[0];
            var result = await SendUnitAsync(unit, sink, cancellationToken);
            var now = time.GetUtcNow();
            DateTimeOffset? next = null;
            if (result.Outcome == DeliveryOutcome.Retry)
            {
                if (first.Attempts + 1 >= options.Value.MaxAttempts)
                    result = DeliveryResult.Failed($"gave up after {first.Attempts + 1} attempts: {result.Error}");
                else
                    next = now + Max(result.RetryAfter ?? Backoff(first.Attempts), TimeSpan.FromSeconds(1));
            }
            int recorded = 0;
            foreach (var d in unit)
            {
                // The fence after the send: the outcome is written only while this claim still holds.
                if (await outbox.CompleteDeliveryAsync(d, result, now, next, CancellationToken.None))
                {
                    recorded++;
                    metrics?.DeliveryFinished(first.Destination.Platform, result.Outcome.ToString().ToLowerInvariant(),
                        result.Outcome == DeliveryOutcome.Sent ? now - d.Alert.CreatedUtc : null);
                }
                else
                {
                    totals += DispatchTotals.Lost;
                    LogLeaseLost(logger, d.Id, d.Destination.Key, $"after sending ({result.Outcome}): outcome not recorded");
                }
            }
            switch (result.Outcome)
            {
                case DeliveryOutcome.Sent: totals += new DispatchTotals(Sent: recorded); break;
                case DeliveryOutcome.Failed: totals += new DispatchTotals(Failed: recorded); LogFailed(logger, first.Id, first.Destination.Key, result.Error ?? ""); break;
                default: totals += new DispatchTotals(Retried: recorded); LogRetry(logger, first.Id, first.Destination.Key, result.Error ?? "", next); break;
            }
        }
        return totals;
    }

    private async Task<DeliveryResult> SendUnitAsync(List<PendingDelivery> unit, IChatSink? sink, CancellationToken cancellationToken)
    {
        var first = unit[0];
        if (sink is null) return DeliveryResult.Failed($"no sink is configured for '{first.Destination.Platform}'");
        var alert = unit.Count == 1 && !first.Digest ? first.Alert : DigestBuilder.Build(unit.Select(d => d.Alert).ToList(), time.GetUtcNow());
        try
        {
            return await sink.SendAsync(new DeliveryRequest(first.Id, first.Destination, alert, first.Digest ? null : first.ReplyToMessageId, first.Attempts + 1), cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return DeliveryResult.Retry("stopped while sending");
        }
        catch (Exception ex)
        {
            LogSinkError(logger, first.Id, first.Destination.Key, ex);
            return DeliveryResult.Retry($"{ex.GetType().Name}: {ex.Message}");
        }
    }

    /// <summary>While sends wait on a rate limit or a 429, the claims behind them are kept (every quarter lease).</summary>
    private async Task RenewLeasesAsync(CancellationToken cancellationToken)
    {
        var lease = options.Value.Lease;
        while (true)
        {
            try
            {
                await Task.Delay(lease / 4, time, cancellationToken);
                var now = time.GetUtcNow();
                await outbox.ExtendDeliveryLeasesAsync(_owner, now, now + lease, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested) { return; }
            catch (Exception ex) { LogRenewFailed(logger, ex); }
        }
    }

    private TimeSpan Backoff(int attempts) => new Backoff(options.Value.FirstRetryDelay, options.Value.MaxRetryDelay).After(attempts + 1);

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    [LoggerMessage(Level = LogLevel.Error, Message = "Delivery {DeliveryId} to {Destination}: the sink threw")]
    private static partial void LogSinkError(ILogger logger, long deliveryId, string destination, Exception ex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivery {DeliveryId} to {Destination} failed for good: {Reason}")]
    private static partial void LogFailed(ILogger logger, long deliveryId, string destination, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Delivery {DeliveryId} to {Destination} will be retried at {Next}: {Reason}")]
    private static partial void LogRetry(ILogger logger, long deliveryId, string destination, string reason, DateTimeOffset? next);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivery {DeliveryId} to {Destination}: its claim passed to another instance {When}")]
    private static partial void LogLeaseLost(ILogger logger, long deliveryId, string destination, string when);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Renewing the delivery claims failed; they stay valid until their lease ends")]
    private static partial void LogRenewFailed(ILogger logger, Exception ex);
}

/// <summary>What one dispatch did: claims taken, outcomes recorded, and claims that passed to another owner meanwhile.</summary>
public sealed record DispatchTotals(int Sent = 0, int Failed = 0, int Retried = 0, int LeasesLost = 0, int Claimed = 0)
{
    public static readonly DispatchTotals None = new();
    public static readonly DispatchTotals Lost = new(LeasesLost: 1);

    /// <summary>Deliveries that reached a final state (sent, or failed for good).</summary>
    public int Completed => Sent + Failed;

    public static DispatchTotals operator +(DispatchTotals a, DispatchTotals b) =>
        new(a.Sent + b.Sent, a.Failed + b.Failed, a.Retried + b.Retried, a.LeasesLost + b.LeasesLost, a.Claimed + b.Claimed);
}
