using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using BorderAlertBot.Core.Alerts;
using BorderAlertBot.Core.Delivery;
using BorderAlertBot.Core.Items;
using BorderAlertBot.Core.Pipeline;

namespace BorderAlertBot.Bench;

/// <summary>
/// Wraps the real item store to note when each feed's new items were committed (the end of the pipeline for
/// every new item, alert or not). Nothing else changes: every call goes to the real store.
/// </summary>
public sealed class CommitClock
{
    private readonly ConcurrentQueue<Arrival> _commits = new();

    public IItemStore Wrap(IItemStore inner) => new Timed(inner, this);

    /// <summary>Takes what was noted since the last call.</summary>
    public List<Arrival> Drain()
    {
        var list = new List<Arrival>();
        while (_commits.TryDequeue(out var a)) list.Add(a);
        return list;
    }

    private sealed class Timed(IItemStore inner, CommitClock clock) : IItemStore
    {
        public Task<Novelty> FilterNewAsync(string feedId, IReadOnlyList<NewsItem> items, TimeSpan titleWindow, TimeSpan listedRefresh, DateTimeOffset now, CancellationToken cancellationToken) =>
            inner.FilterNewAsync(feedId, items, titleWindow, listedRefresh, now, cancellationToken);

        public async Task<IReadOnlyList<Alert>> CommitAsync(ItemBatch batch, CancellationToken cancellationToken)
        {
            var created = await inner.CommitAsync(batch, cancellationToken);
            if (batch.Items.Count > 0) clock._commits.Enqueue(new Arrival(Farmed.FeedIndex(batch.FeedId), batch.Items.Count, Stopwatch.GetTimestamp()));
            return created;
        }
    }
}

/// <summary>The "console" sink for the benchmark: notes, per alert, when it arrived and which feed's report made it.</summary>
public sealed class ArrivalSink : IChatSink
{
    private readonly ConcurrentQueue<Arrival> _arrivals = new();
    private int _count;

    public string Platform => "console";
    public int Count => Volatile.Read(ref _count);

    public Task<DeliveryResult> SendAsync(DeliveryRequest request, CancellationToken cancellationToken)
    {
        var sources = request.Alert.Sources;
        // The report that produced this alert is the story's newest source (a new story has only it).
        _arrivals.Enqueue(new Arrival(sources.Count > 0 ? Farmed.FeedIndex(sources[^1].FeedId) : -1, 1, Stopwatch.GetTimestamp()));
        Interlocked.Increment(ref _count);
        return Task.FromResult(DeliveryResult.Sent(null));
    }

    public List<Arrival> Drain()
    {
        var list = new List<Arrival>();
        while (_arrivals.TryDequeue(out var a)) list.Add(a);
        return list;
    }
}

/// <summary><see cref="Count"/> items of feed <see cref="Feed"/> reached their end at Stopwatch time <see cref="At"/>.</summary>
public readonly record struct Arrival(int Feed, int Count, long At);

public static class Farmed
{
    public static string FeedId(int feed) => "f" + feed.ToString(CultureInfo.InvariantCulture);

    public static int FeedIndex(string feedId) =>
        feedId.StartsWith('f') && int.TryParse(feedId.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out int i) ? i : -1;

    /// <summary>
    /// Fetch-to-sink latencies in seconds, weighted by items: each arrival minus the end of the farm's last
    /// response for that feed. Returns (p50, p99, max, items counted); NaN when nothing arrived.
    /// </summary>
    public static (double P50, double P99, double Max, long Items) Latencies(List<Arrival> arrivals, long[] lastSent)
    {
        var weighted = arrivals.Where(a => a.Feed >= 0 && a.Feed < lastSent.Length && lastSent[a.Feed] != 0)
            .Select(a => (Seconds: Stopwatch.GetElapsedTime(lastSent[a.Feed], a.At).TotalSeconds, a.Count))
            .OrderBy(x => x.Seconds).ToList();
        long total = weighted.Sum(x => (long)x.Count);
        if (total == 0) return (double.NaN, double.NaN, double.NaN, 0);
        double At(double p)
        {
            long rank = (long)Math.Ceiling(p * total), seen = 0;
            foreach (var (seconds, count) in weighted)
                if ((seen += count) >= rank) return seconds;
            return weighted[^1].Seconds;
        }
        return (At(0.50), At(0.99), weighted[^1].Seconds, total);
    }
}
