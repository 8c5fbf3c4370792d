using System.Collections.Concurrent;
using System.Diagnostics;
using BorderAlertBot.Core.Delivery;
using BorderAlertBot.Core.Pipeline;
using BorderAlertBot.Core.Storage;
using BorderAlertBot.Core.Telemetry;
using BorderAlertBot.Feeds.Fetching;
using BorderAlertBot.Feeds.Parsing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using BorderAlertBot.Core.Feeds;
using BorderAlertBot.Core.Retry;

namespace BorderAlertBot.Feeds.Polling;

/// <summary>Totals of one poll pass.</summary>
public sealed record PollSummary(int Feeds, int Failed, int NotModified, int Items, int Alerts);

/// <summary>
/// One poll pass: claims the due feeds from the store (a lease, so no feed is polled twice at once, by
/// this process or another), fetches them concurrently with a per-host limit, parses and detects. A feed
/// without border news is committed (seen items, health) as soon as it is done; the feeds with border news
/// wait and go to the pipeline's story assignment together at the end of the pass (so reports join stories
/// in the order they were published, not the order the fetches finished). One feed's
/// fetch or parse failure is recorded on that feed and never delays or stops the others.
/// </summary>
public sealed partial class FeedPoller(
    IFeedStore feedStore,
    ISettingsStore settings,
    FeedFetcher fetcher,
    FeedParser parser,
    ItemPipeline pipeline,
    IAdminNotifier admin,
    IOptions<PollingOptions> pollingOptions,
    IOptions<FetchOptions> fetchOptions,
    TimeProvider time,
    Random random,
    ILogger<FeedPoller> logger,
    BotMetrics? metrics = null,
    InstanceIdentity? instance = null)
{
    private readonly string _owner = (instance ?? new InstanceIdentity()).Id;
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _hosts = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Polls the feeds due now; with <paramref name="allFeeds"/>, every active feed once.</summary>
    public async Task<PollSummary> PollAsync(bool allFeeds, CancellationToken cancellationToken)
    {
        var o = pollingOptions.Value;
        using var global = new SemaphoreSlim(fetchOptions.Value.MaxConcurrency);
        int feeds = 0, failed = 0, notModified = 0, items = 0, alerts = 0;
        var tasks = new List<Task>();
        var prepared = new ConcurrentBag<(PreparedFeed Feed, FetchResult Fetch, int Items, long Started)>();
        if (allFeeds) await feedStore.MakeAllDueAsync(time.GetUtcNow(), cancellationToken);
        // Claims are sized to what starts soon (two rounds of the fetch slots) and renewed while the pass
        // runs, so an instance killed mid-pass strands few feeds, and only until its heartbeat expires.
        int claimSize = Math.Clamp(fetchOptions.Value.MaxConcurrency * 2, 1, o.ClaimBatch);
        using var renewing = new CancellationTokenSource();
        var renewal = RenewClaimsAsync(renewing.Token);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var now = time.GetUtcNow();
                var due = await feedStore.ClaimDueFeedsAsync(_owner, now, now + o.Lease, claimSize, cancellationToken);
                if (due.Count == 0) break;
                foreach (var feed in due)
                {
                    await global.WaitAsync(cancellationToken);
                    tasks.Add(Task.Run(async () =>
                    {
                        try
                        {
                            var outcome = await PollFeedAsync(feed, cancellationToken);
                            Interlocked.Increment(ref feeds);
                            if (outcome.Failed) Interlocked.Increment(ref failed);
                            if (outcome.NotModified) Interlocked.Increment(ref notModified);
                            Interlocked.Add(ref items, outcome.Items);
                            if (outcome.Prepared is { } p) prepared.Add((p, outcome.Fetch!, outcome.Items, outcome.Started));
                        }
                        finally { global.Release(); }
                    }, CancellationToken.None));
                }
                tasks.RemoveAll(t => t.IsCompleted);
                if (due.Count < claimSize) break;
            }
            await Task.WhenAll(tasks);
            // Stories for the whole pass at once, in publication order, while the claims are still renewed.
            var pass = prepared.ToList();
            if (pass.Count > 0)
            {
                var (assigned, failedFeeds) = await AssignAsync(pass, cancellationToken);
                alerts += assigned;
                failed += failedFeeds;
            }
        }
        finally
        {
            await renewing.CancelAsync();
            await renewal;
        }
        var end = time.GetUtcNow();
        await settings.SetValueAsync(StoredKeys.LastPollUtc, end.ToString("O"), CancellationToken.None);
        return new PollSummary(feeds, failed, notModified, items, alerts);
    }

    /// <summary>Keeps this pass's claims (every quarter lease) while it still works through them.</summary>
    private async Task RenewClaimsAsync(CancellationToken cancellationToken)
    {
        var lease = pollingOptions.Value.Lease;
        while (true)
        {
            try
            {
                await Task.Delay(lease / 4, time, cancellationToken);
                var now = time.GetUtcNow();
                await feedStore.ExtendFeedLeasesAsync(_owner, now, now + lease, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested) { return; }
            catch (Exception ex) { LogRenewFailed(logger, ex); }
        }
    }

    private readonly record struct FeedOutcome(bool Failed, bool NotModified, int Items, PreparedFeed? Prepared = null, FetchResult? Fetch = null, long Started = 0);

    /// <summary>Story assignment for the pass, then each feed's health; a failure there is recorded on every feed of the pass.</summary>
    private async Task<(int Alerts, int Failed)> AssignAsync(List<(PreparedFeed Feed, FetchResult Fetch, int Items, long Started)> pass, CancellationToken cancellationToken)
    {
        IReadOnlyList<FeedAlerts> results;
        try
        {
            results = await pipeline.AssignAsync(pass.Select(p => p.Feed).ToList(), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            foreach (var (prepared, _, items, _) in pass)
            {
                LogPipelineFailed(logger, prepared.Feed.Id, ex);
                metrics?.FeedPolled("failed", items);
                await RecordFailureAsync(prepared.Feed, $"processing failed: {ex.Message}", null, null, time.GetUtcNow(), CancellationToken.None);
            }
            return (0, pass.Count);
        }
        int alerts = 0;
        foreach (var (prepared, fetch, items, started) in pass)
        {
            var feed = prepared.Feed;
            var feedAlerts = results.Where(r => r.FeedId == feed.Id).SelectMany(r => r.Alerts).ToList();
            int created = feedAlerts.Count;
            metrics?.FeedPolled("ok", items);
            metrics?.AlertsCreated(feedAlerts);
            alerts += created;
            var now = time.GetUtcNow();
            await RecordSuccessAsync(feed, fetch, now, hadNew: items > 0 && (created > 0 || !feed.KnownBefore || prepared.NewestIsRecent), cancellationToken);
            LogPolled(logger, feed.Id, items, created, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        return (alerts, 0);
    }

    private async Task<FeedOutcome> PollFeedAsync(FeedState feed, CancellationToken cancellationToken)
    {
        var host = _hosts.GetOrAdd(feed.Url.Host, _ => new SemaphoreSlim(fetchOptions.Value.MaxPerHost));
        await host.WaitAsync(cancellationToken);
        FetchResult fetch;
        var started = Stopwatch.GetTimestamp();
        try
        {
            fetch = await fetcher.FetchFeedAsync(feed.Url, feed.ETag, feed.LastModified, cancellationToken);
        }
        finally { host.Release(); }

        var now = time.GetUtcNow();
        if (fetch.Status == FetchStatus.NotModified)
        {
            await RecordSuccessAsync(feed, fetch, now, hadNew: false, cancellationToken);
            metrics?.FeedPolled("not_modified", 0);
            return new FeedOutcome(false, true, 0);
        }
        if (fetch.Status == FetchStatus.Failed)
        {
            await RecordFailureAsync(feed, fetch.Error ?? "unknown error", fetch.RetryAfter, fetch.MovedPermanentlyTo, now, cancellationToken);
            metrics?.FeedPolled("failed", 0);
            return new FeedOutcome(true, false, 0);
        }

        ParsedFeed parsed;
        try
        {
            parsed = parser.Parse(fetch.Body, fetch.Charset, fetch.FinalUrl ?? feed.Url, feed.Id, feed.Name, feed.Language);
        }
        catch (FeedParseException ex)
        {
            await RecordFailureAsync(feed, ex.Message, null, fetch.MovedPermanentlyTo, now, cancellationToken);
            metrics?.FeedPolled("failed", 0);
            return new FeedOutcome(true, false, 0);
        }

        int count = parsed.Items.Count;
        bool newestIsRecent = NewestItemIsRecent(parsed, now);
        PreparedFeed prepared;
        try
        {
            prepared = await pipeline.PrepareAsync(feed, parsed.Items, cancellationToken) with { NewestIsRecent = newestIsRecent };
            // Most feeds carry no border news: their seen items are committed now, so the pass keeps no
            // feed's items, body or parse in memory until it ends (at 100,000 feeds that was gigabytes).
            if (!prepared.NeedsStories) await pipeline.CommitSeenAsync(prepared, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogPipelineFailed(logger, feed.Id, ex);
            await RecordFailureAsync(feed, $"processing failed: {ex.Message}", null, null, time.GetUtcNow(), CancellationToken.None);
            metrics?.FeedPolled("failed", count);
            return new FeedOutcome(true, false, 0);
        }
        if (prepared.NeedsStories)
            // Waits for the pass's story assignment with what it needs: no body, no text of seen-only items.
            return new FeedOutcome(false, false, count, prepared.WithoutSeenOnlyText(), fetch with { Body = [] }, started);

        metrics?.FeedPolled("ok", count);
        await RecordSuccessAsync(feed, fetch, now, hadNew: count > 0 && (!feed.KnownBefore || newestIsRecent), cancellationToken);
        LogPolled(logger, feed.Id, count, 0, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return new FeedOutcome(false, false, count);
    }

    private bool NewestItemIsRecent(ParsedFeed parsed, DateTimeOffset now) =>
        parsed.Items.Any(i => i.PublishedUtc is { } p && now - p < pollingOptions.Value.StaleAfter);

    private async Task RecordSuccessAsync(FeedState feed, FetchResult fetch, DateTimeOffset now, bool hadNew, CancellationToken cancellationToken)
    {
        var lastNew = hadNew ? now : feed.LastNewItemUtc ?? feed.FirstPolledUtc ?? now;
        bool stale = now - lastNew >= pollingOptions.Value.StaleAfter;
        await feedStore.RecordFetchAsync(new FetchRecord
        {
            FeedId = feed.Id,
            AtUtc = now,
            Success = true,
            NotModified = fetch.Status == FetchStatus.NotModified,
            ETag = fetch.ETag,
            LastModified = fetch.LastModified,
            NextPollUtc = now + Jittered(feed.Interval),
            NewUrl = fetch.MovedPermanentlyTo,
            Stale = stale,
            HadNewItems = hadNew,
        }, CancellationToken.None);
        if (fetch.MovedPermanentlyTo is { } moved) LogMoved(logger, feed.Id, feed.Url, moved);
        if (stale && !feed.Stale)
            await admin.NotifyAsync($"Feed '{feed.Id}' ({feed.Url}) has published nothing new for {(now - lastNew).TotalDays:0} days: it may be stale or moved.", cancellationToken);
    }

    private async Task RecordFailureAsync(FeedState feed, string error, TimeSpan? retryAfter, Uri? moved, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var o = pollingOptions.Value;
        int failures = feed.ConsecutiveFailures + 1;
        var backoff = new Backoff(feed.Interval, o.MaxBackoff).After(failures);
        if (retryAfter is { } ra && ra > backoff) backoff = ra < o.MaxBackoff ? ra : o.MaxBackoff;
        var failingSince = feed.FailingSinceUtc ?? now;
        bool deactivate = now - failingSince >= o.DeactivateAfter;
        var next = now + Jittered(backoff);
        await feedStore.RecordFetchAsync(new FetchRecord
        {
            FeedId = feed.Id,
            AtUtc = now,
            Success = false,
            Error = error,
            NextPollUtc = next,
            BackoffUntilUtc = next,
            NewUrl = moved,
            Deactivate = deactivate,
        }, CancellationToken.None);
        LogFeedFailed(logger, feed.Id, error, failures, next);
        if (deactivate)
            await admin.NotifyAsync($"Feed '{feed.Id}' ({feed.Url}) was deactivated after failing since {failingSince:yyyy-MM-dd HH:mm} UTC: {error}. Re-enable it with: feeds enable {feed.Id}", cancellationToken);
    }

    private TimeSpan Jittered(TimeSpan interval)
    {
        double j = pollingOptions.Value.Jitter;
        double factor = 1 + (random.NextDouble() * 2 - 1) * j;
        return TimeSpan.FromSeconds(Math.Max(1, interval.TotalSeconds * factor));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Renewing the feed claims failed; they stay valid until their lease ends")]
    private static partial void LogRenewFailed(ILogger logger, Exception ex);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Feed {FeedId}: {Items} items, {Alerts} alerts in {Milliseconds:0} ms")]
    private static partial void LogPolled(ILogger logger, string feedId, int items, int alerts, double milliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Feed {FeedId} failed ({Failures} in a row, next try {Next:u}): {Reason}")]
    private static partial void LogFeedFailed(ILogger logger, string feedId, string reason, int failures, DateTimeOffset next);

    [LoggerMessage(Level = LogLevel.Error, Message = "Feed {FeedId}: processing its items failed")]
    private static partial void LogPipelineFailed(ILogger logger, string feedId, Exception ex);

    [LoggerMessage(Level = LogLevel.Information, Message = "Feed {FeedId} moved permanently from {From} to {To}; the stored URL is updated")]
    private static partial void LogMoved(ILogger logger, string feedId, Uri from, Uri to);
}
