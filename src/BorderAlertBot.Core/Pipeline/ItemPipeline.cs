using BorderAlertBot.Core.Alerts;
using BorderAlertBot.Core.Delivery;
using BorderAlertBot.Core.Detection;
using BorderAlertBot.Core.Items;
using BorderAlertBot.Core.Storage;
using BorderAlertBot.Core.Stories;
using BorderAlertBot.Core.Summaries;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BorderAlertBot.Core.Pipeline;

/// <summary>
/// The one place where detection meets delivery: a feed's items → novelty → detection → story →
/// alert → destinations, committed in one transaction so a crash at any point loses nothing and
/// repeats nothing.
/// </summary>
public sealed partial class ItemPipeline(
    IAlertStore store,
    BorderDetector detector,
    Summarizer summarizer,
    StoryTracker tracker,
    AlertRouter router,
    IChannelDirectory channels,
    IEnumerable<ISubscriberRouter> subscribers,
    IEnumerable<IArticleEnricher> enrichers,
    IOptions<PipelineOptions> options,
    TimeProvider time,
    ILogger<ItemPipeline> logger)
{

    /// <summary>Raised after a commit that created alerts, so the dispatcher can send at once.</summary>
    public event Action? AlertsCommitted;

    public async Task<IReadOnlyList<Alert>> ProcessAsync(FeedState feed, IReadOnlyList<NewsItem> items, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var fresh = await store.FilterNewAsync(feed.Id, items, options.Value.RepeatTitleWindow, now, cancellationToken);
        if (fresh.Count == 0) return [];

        // Phase 1, in parallel with other feeds: detection, and the article page for thin relevant items.
        var backfillFrom = now - options.Value.BackfillWindow;
        var detected = new List<(NewsItem Item, Detection.Detection? Detection)>(fresh.Count);
        foreach (var item in fresh.OrderBy(i => i.PublishedUtc ?? now)) // oldest first: a story's first alert is its first report
        {
            if (!feed.KnownBefore && (item.PublishedUtc is null || item.PublishedUtc < backfillFrom))
            {
                detected.Add((item, null)); // first poll of this feed: recorded, not alerted
                continue;
            }
            detected.Add(await DetectAsync(item, cancellationToken));
        }

        // Phase 2, one feed at a time: stories, alerts, routing, one transaction.
        // Story assignment reads the recent stories and commits their changes under the database's story
        // lock: one feed at a time across every instance, so two feeds (or two instances) reporting one
        // event at once join one story instead of racing to create two.
        IReadOnlyList<Alert> alerts;
        await using (await store.AcquireStoryLockAsync(cancellationToken))
        {
            // Most fetches carry no border news: read stories and routes only when an item needs them.
            bool anyRelevant = detected.Any(d => d.Detection is { Relevant: true });
            // Stories recent to the items' own times, so a feed that publishes late still joins its story.
            var earliest = detected.Where(d => d.Detection is { Relevant: true }).Select(d => d.Item.PublishedUtc is { } p && p < now ? p : now).DefaultIfEmpty(now).Min();
            var recentStories = anyRelevant ? (await store.GetRecentStoriesAsync(earliest - TimeSpan.FromDays(7), cancellationToken)).ToList() : [];
            var channelRoutes = anyRelevant ? await channels.GetChannelsAsync(cancellationToken) : [];
            var processed = new List<ProcessedItem>(detected.Count);
            foreach (var (item, detection) in detected)
            {
                if (detection is not { Relevant: true })
                {
                    processed.Add(new ProcessedItem(item, null, null, []));
                    continue;
                }
                var result = await BuildAlertAsync(feed, item, detection, now, recentStories, channelRoutes, cancellationToken);
                processed.Add(result);
                if (result.Story is { } story)
                {
                    recentStories.RemoveAll(s => s.Id == story.Id);
                    recentStories.Add(story);
                }
            }
            alerts = await store.CommitAsync(new ItemBatch(feed.Id, now, processed), cancellationToken);
        }

        foreach (var alert in alerts) LogAlert(logger, alert.Id, alert.StoryId, alert.Severity);
        if (alerts.Count > 0) AlertsCommitted?.Invoke();
        return alerts;
    }

    private async Task<(NewsItem, Detection.Detection?)> DetectAsync(NewsItem item, CancellationToken cancellationToken)
    {
        var detection = detector.Detect(new DetectionInput(item.Title, item.Summary, item.Content));
        if (!detection.Relevant || !IsThin(item) || !options.Value.FetchArticles) return (item, detection);
        // Thin items (a headline, one line): read the article page before summarising.
        foreach (var enricher in enrichers)
        {
            var enriched = await enricher.EnrichAsync(item, cancellationToken);
            if (enriched is null) continue;
            var again = detector.Detect(new DetectionInput(enriched.Title, enriched.Summary, enriched.Content));
            // The page can only add detail: an item relevant on its headline stays relevant.
            return again.Relevant ? (enriched, again) : (enriched, detection);
        }
        return (item, detection);
    }

    private async Task<ProcessedItem> BuildAlertAsync(FeedState feed, NewsItem item, Detection.Detection detection, DateTimeOffset now,
        List<StoryState> recentStories, IReadOnlyList<ChannelRoute> channelRoutes, CancellationToken cancellationToken)
    {
        string text = string.Join("\n", item.Summary, item.Content);
        var figures = FigureExtractor.Extract(item.Title + ". " + text);
        var eventUtc = item.PublishedUtc is { } p && p <= now ? p : now;
        string alertId = ItemKeys.ShortId("a", feed.Id + "\n" + item.Key);
        var source = new AlertSource(feed.Name, item.Link, feed.Id, item.PublishedUtc);
        var core = detection.Places.Where(p => detector.IsCorePlace(p.Id)).ToList();
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
            CorePlaceIds = core.Select(p => p.Id).ToArray(),
            CorePlaceNames = core.Select(p => p.Name).ToArray(),
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

/// <summary>Fetches the article page of a thin item and returns the item with its text, or null when it cannot.</summary>
public interface IArticleEnricher
{
    Task<NewsItem?> EnrichAsync(NewsItem item, CancellationToken cancellationToken);
}
