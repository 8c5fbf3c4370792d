using BorderAlertBot.Core.Alerts;
using BorderAlertBot.Core.Delivery;
using BorderAlertBot.Core.Detection;
using BorderAlertBot.Core.Items;
using BorderAlertBot.Core.Retention;
using BorderAlertBot.Core.Storage;
using BorderAlertBot.Core.Stories;
using BorderAlertBot.Core.Summaries;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using BorderAlertBot.Core.Feeds;

namespace BorderAlertBot.Core.Pipeline;

/// <summary>
/// The one place where detection meets delivery: a feed's items → novelty → detection → story →
/// alert → destinations, committed in one transaction so a crash at any point loses nothing and
/// repeats nothing.
/// </summary>
public sealed partial class ItemPipeline(
    IItemStore itemStore,
    IStoryStore storyStore,
    IStoryLock storyLock,
    BorderDetector detector,
    Summarizer summarizer,
    StoryTracker tracker,
    AlertRouter router,
    IChannelDirectory channels,
    IEnumerable<ISubscriberRouter> subscribers,
    IEnumerable<IArticleEnricher> enrichers,
    IOptions<PipelineOptions> options,
    IOptions<RetentionOptions> retention,
    IDeliveryWakeup wakeup,
    TimeProvider time,
    ILogger<ItemPipeline> logger)
{

    /// <summary>One feed's items, start to finish: <see cref="PrepareAsync"/> then <see cref="AssignAsync"/>.</summary>
    public async Task<IReadOnlyList<Alert>> ProcessAsync(FeedState feed, IReadOnlyList<NewsItem> items, CancellationToken cancellationToken)
    {
        var prepared = await PrepareAsync(feed, items, cancellationToken);
        var result = await AssignAsync([prepared], cancellationToken);
        return result.SelectMany(r => r.Alerts).ToList();
    }

    /// <summary>
    /// Phase 1, in parallel with other feeds: the items not seen before, detected (and the article page
    /// read for thin relevant items). Nothing is stored yet.
    /// </summary>
    public async Task<PreparedFeed> PrepareAsync(FeedState feed, IReadOnlyList<NewsItem> items, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var horizon = retention.Value;
        var novelty = await itemStore.FilterNewAsync(feed.Id, items, options.Value.RepeatTitleWindow, horizon.ListedRefresh, now, cancellationToken);
        var backfillFrom = now - options.Value.BackfillWindow;
        // Seen items are forgotten once they left the feed and are older than the horizon, and only rows first
        // seen before the horizon can have been: an item dated before it, in a feed polled since before it, may
        // be one of those coming back, so it is recorded, not alerted. A feed newer than the horizon has forgotten
        // nothing, and its old-dated items alert as before.
        var forgottenBefore = now - horizon.ItemHorizon;
        bool mayHaveForgotten = feed.FirstPolledUtc < forgottenBefore;
        var detected = new List<DetectedItem>(novelty.Fresh.Count);
        foreach (var item in novelty.Fresh)
        {
            if (!feed.KnownBefore && (item.PublishedUtc is null || item.PublishedUtc < backfillFrom))
            {
                detected.Add(new DetectedItem(item, null)); // first poll of this feed: recorded, not alerted
                continue;
            }
            if (mayHaveForgotten && item.PublishedUtc < forgottenBefore)
            {
                detected.Add(new DetectedItem(item, null)); // possibly forgotten and re-listed: recorded, not alerted
                continue;
            }
            detected.Add(await DetectAsync(item, feed.Region, cancellationToken));
        }
        return new PreparedFeed(feed, detected) { Window = novelty.Window };
    }

    /// <summary>
    /// Phase 2 for a feed none of whose fresh items is border news (<see cref="PreparedFeed.NeedsStories"/> false):
    /// its seen items are committed at once, in one transaction, without the story lock. A poll pass calls this
    /// as each feed finishes, so it holds no feed's items until the pass ends (only the few that join stories).
    /// </summary>
    public async Task CommitSeenAsync(PreparedFeed prepared, CancellationToken cancellationToken)
    {
        if (prepared.NeedsStories) throw new InvalidOperationException($"feed {prepared.Feed.Id} has items for story assignment: use AssignAsync");
        if (prepared.Items.Count == 0 && !RenewsListing(prepared)) return;
        var items = prepared.Items.Select(d => new ProcessedItem(d.Item, null, null, [])).ToList();
        await itemStore.CommitAsync(new ItemBatch(prepared.Feed.Id, time.GetUtcNow(), items, prepared.Window), cancellationToken);
    }

    /// <summary>
    /// Phase 2, the single story-assignment entry point: the prepared items of one poll pass, whichever
    /// feeds they came from, join or open stories in the order of their own publication times (so a story's
    /// first alert is its earliest report, whatever order the fetches finished in); each feed's items,
    /// story changes, alerts and deliveries are then committed in one transaction.
    /// </summary>
    public async Task<IReadOnlyList<FeedAlerts>> AssignAsync(IReadOnlyList<PreparedFeed> pass, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var ordered = pass.SelectMany(p => p.Items.Select(d => (p.Feed, d.Item, d.Detection)))
            .OrderBy(x => EventTime(x.Item, now)).ToList(); // stable: equal times keep feed order
        var results = new List<FeedAlerts>();
        if (ordered.Count == 0)
        {
            // Nothing new anywhere: only listings that renew seen items are recorded (no story is touched).
            foreach (var p in pass.Where(RenewsListing))
                await itemStore.CommitAsync(new ItemBatch(p.Feed.Id, now, [], p.Window), cancellationToken);
            return results;
        }
        // Story assignment reads the recent stories and commits their changes under the database's story
        // lock: one pass at a time across every instance, so two feeds (or two instances) reporting one
        // event at once join one story instead of racing to create two.
        await using (await storyLock.AcquireStoryLockAsync(cancellationToken))
        {
            // Most fetches carry no border news: read stories and routes only when an item needs them.
            var relevant = ordered.Where(x => x.Detection is { Relevant: true }).ToList();
            // Stories recent to the items' own times, so a feed that publishes late still joins its story.
            var earliest = relevant.Select(x => EventTime(x.Item, now)).DefaultIfEmpty(now).Min();
            var recentStories = relevant.Count > 0 ? (await storyStore.GetRecentStoriesAsync(earliest - TimeSpan.FromDays(7), cancellationToken)).ToList() : [];
            var channelRoutes = relevant.Count > 0 ? await channels.GetChannelsAsync(cancellationToken) : [];
            var processed = new List<(FeedState Feed, ProcessedItem Item)>(ordered.Count);
            foreach (var (feed, item, detection) in ordered)
            {
                if (detection is not { Relevant: true })
                {
                    processed.Add((feed, new ProcessedItem(item, null, null, [])));
                    continue;
                }
                var result = await BuildAlertAsync(feed, item, detection, now, recentStories, channelRoutes, cancellationToken);
                processed.Add((feed, result));
                if (result.Story is { } story)
                {
                    recentStories.RemoveAll(s => s.Id == story.Id);
                    recentStories.Add(story);
                }
            }
            // A story may grow from several feeds' items: each commit writes its final state.
            var final = recentStories.ToDictionary(s => s.Id, StringComparer.Ordinal);
            var byFeed = processed.ToLookup(x => x.Feed.Id, StringComparer.Ordinal);
            foreach (var p in pass)
            {
                var items = byFeed[p.Feed.Id]
                    .Select(x => x.Item.Story is { } st ? x.Item with { Story = final.GetValueOrDefault(st.Id, st) } : x.Item).ToList();
                // A feed with nothing new and no listing to renew has nothing to record (its stored window stays
                // a valid lower bound: every item it lists was listed recently enough).
                if (items.Count == 0 && !RenewsListing(p)) continue;
                var alerts = await itemStore.CommitAsync(new ItemBatch(p.Feed.Id, now, items, p.Window), cancellationToken);
                results.Add(new FeedAlerts(p.Feed.Id, alerts));
            }
        }

        foreach (var alert in results.SelectMany(r => r.Alerts)) LogAlert(logger, alert.Id, alert.StoryId, alert.Severity);
        if (results.Any(r => r.Alerts.Count > 0)) wakeup.DeliveriesCommitted();
        return results;
    }

    private static bool RenewsListing(PreparedFeed p) => p.Window is { } w && (w.RelistedKeys.Count > 0 || w.RelistedLinks.Count > 0);

    private static DateTimeOffset EventTime(NewsItem item, DateTimeOffset now) => item.PublishedUtc is { } p && p <= now ? p : now;

    private async Task<DetectedItem> DetectAsync(NewsItem item, string? region, CancellationToken cancellationToken)
    {
        var detection = detector.Detect(new DetectionInput(item.Title, item.Summary, item.Content, region));
        if (!detection.Relevant || !IsThin(item) || !options.Value.FetchArticles) return new DetectedItem(item, detection);
        // Thin items (a headline, one line): read the article page before summarising.
        foreach (var enricher in enrichers)
        {
            var enriched = await enricher.EnrichAsync(item, cancellationToken);
            if (enriched is null) continue;
            var again = detector.Detect(new DetectionInput(enriched.Title, enriched.Summary, enriched.Content, region));
            // The page can only add detail: an item relevant on its headline stays relevant.
            return new DetectedItem(enriched, again.Relevant ? again : detection);
        }
        return new DetectedItem(item, detection);
    }

    private async Task<ProcessedItem> BuildAlertAsync(FeedState feed, NewsItem item, Detection.Detection detection, DateTimeOffset now,
        List<StoryState> recentStories, IReadOnlyList<ChannelRoute> channelRoutes, CancellationToken cancellationToken)
    {
        string text = string.Join("\n", item.Summary, item.Content);
        var figures = FigureExtractor.Extract(item.Title + ". " + text);
        var eventUtc = EventTime(item, now);
        string alertId = ItemKeys.ShortId("a", feed.Id + "\n" + item.Key);
        var source = new AlertSource(feed.Name, item.Link, feed.Id, item.PublishedUtc, item.Language);
        var acts = detection.Evidence.Where(e => e.Kind.StartsWith("term:", StringComparison.Ordinal)).Select(e => e.Ref).Distinct(StringComparer.Ordinal).ToArray();
        var decision = tracker.Track(new StoryCandidate
        {
            AlertId = alertId,
            StoryId = ItemKeys.ShortId("s", feed.Id + "\n" + item.Key),
            EventUtc = eventUtc,
            Text = item.Title + "\n" + item.Summary,
            Headline = item.Title,
            Severity = detection.Severity,
            Category = detection.Category.ToWire(),
            PlaceIds = detection.Places.Select(p => p.Id).ToArray(),
            PlaceNames = detection.Places.Select(p => p.Name).ToArray(),
            Acts = acts,
            Status = StoryStatus.FromActs(acts),
            Figures = figures,
            Source = source,
        }, recentStories);

        if (!decision.IsNew && !decision.IsUpdate) return new ProcessedItem(item, decision.Story, null, []);

        var alert = new Alert
        {
            Id = alertId,
            StoryId = decision.Story.Id,
            IsUpdate = decision.IsUpdate,
            Change = decision.Change,
            Headline = item.Title,
            Summary = summarizer.Summarize(item.Title, text.Trim()),
            Severity = decision.IsUpdate ? decision.Story.Severity : detection.Severity,
            Category = detection.Category.ToWire(),
            Places = detection.Places.Select(AlertPlace.From).ToArray(),
            Actors = detection.Actors,
            Sources = decision.Story.Sources,
            PublishedUtc = item.PublishedUtc,
            CreatedUtc = now,
            Language = item.Language,
            Score = detection.Score,
            Figures = decision.IsUpdate ? decision.Story.Figures : figures,
            Evidence = detection.Evidence.Select(AlertEvidence.From).ToArray(),
            Reasons = detection.Reasons,
        };
        var deliveries = router.Route(alert, channelRoutes, now).ToList();
        foreach (var subscriber in subscribers)
            foreach (var d in await subscriber.RouteAsync(alert, cancellationToken))
                if (!deliveries.Any(r => r.Destination == d)) deliveries.Add(new RoutedDelivery(d));
        return new ProcessedItem(item, decision.Story, alert, deliveries);
    }

    private static bool IsThin(NewsItem item) => item.Summary.Length + item.Content.Length < 160;

    // The alert itself is what the sinks print (the console prints it on standard output): the log names it only, so it appears once.
    [LoggerMessage(Level = LogLevel.Information, Message = "Alert {AlertId} committed (story {StoryId}, severity {Severity})")]
    private static partial void LogAlert(ILogger logger, string alertId, string storyId, int severity);
}

/// <summary>A fresh item with its verdict (null: recorded without detection, a first poll's backlog).</summary>
public sealed record DetectedItem(NewsItem Item, Detection.Detection? Detection);

/// <summary>
/// One feed's fresh items, detected, waiting for story assignment. <see cref="NewestIsRecent"/>: the feed
/// published recently (its health). <see cref="Window"/>: what the fetch listed, recorded with the commit.
/// </summary>
public sealed record PreparedFeed(FeedState Feed, IReadOnlyList<DetectedItem> Items, bool NewestIsRecent = false)
{
    public FeedWindow? Window { get; init; }

    /// <summary>True when an item is border news and so must wait for the pass's story assignment.</summary>
    public bool NeedsStories => Items.Any(d => d.Detection is { Relevant: true });

    /// <summary>
    /// The feed as it waits for the end of the pass: items that only get recorded as seen keep what the store
    /// records (key, link, title, date) and drop their text and verdict, which story assignment never reads.
    /// </summary>
    public PreparedFeed WithoutSeenOnlyText() => this with
    {
        Items = Items.Select(d => d.Detection is { Relevant: true } ? d : new DetectedItem(d.Item with { Summary = "", Content = "" }, null)).ToList(),
    };
}

/// <summary>The alerts one feed's items created in a pass.</summary>
public sealed record FeedAlerts(string FeedId, IReadOnlyList<Alert> Alerts);

/// <summary>Fetches the article page of a thin item and returns the item with its text, or null when it cannot.</summary>
public interface IArticleEnricher
{
    Task<NewsItem?> EnrichAsync(NewsItem item, CancellationToken cancellationToken);
}
