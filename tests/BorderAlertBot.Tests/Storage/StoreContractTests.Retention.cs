using BorderAlertBot.Core.Alerts;
using BorderAlertBot.Core.Delivery;
using BorderAlertBot.Core.Feeds;
using BorderAlertBot.Core.Items;
using BorderAlertBot.Core.Pipeline;
using BorderAlertBot.Core.Retention;
using BorderAlertBot.Core.Stories;
using BorderAlertBot.Tests.Fakes;
using Xunit;

namespace BorderAlertBot.Tests.Storage;

/// <summary>The contract's batched novelty and retention half: the same rules on every store.</summary>
public abstract partial class StoreContractTests
{
    private static readonly RetentionOptions Defaults = new();

    private async Task<IReadOnlyList<NewsItem>> FreshAsync(string feed, IReadOnlyList<NewsItem> items, DateTimeOffset at) =>
        (await Store.Items.FilterNewAsync(feed, items, TimeSpan.FromDays(3), Defaults.ListedRefresh, at, default)).Fresh;

    /// <summary>What a poll of feed "f" records, as the pipeline does: its new items (no alerts) and its listing, nothing when neither changed.</summary>
    private async Task<IReadOnlyList<NewsItem>> PollAsync(IReadOnlyList<NewsItem> listed, DateTimeOffset at)
    {
        var novelty = await Store.Items.FilterNewAsync("f", listed, TimeSpan.FromDays(3), Defaults.ListedRefresh, at, default);
        if (novelty.Fresh.Count == 0 && novelty.Window.RelistedKeys.Count == 0 && novelty.Window.RelistedLinks.Count == 0) return [];
        await Store.Items.CommitAsync(new ItemBatch("f", at, novelty.Fresh.Select(i => new ProcessedItem(i, null, null, [])).ToList(), novelty.Window), default);
        return novelty.Fresh;
    }

    /// <summary>A distinct headline per number, its digits in words (titles are compared folded: digits and doubled letters vanish).</summary>
    private static string Headline(int i) =>
        "Headline " + string.Join(" ", i.ToString(System.Globalization.CultureInfo.InvariantCulture).Select(d => Digits[d - '0']));

    private static readonly string[] Digits = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"];

    private Task<PruneCounts> PruneAtAsync(DateTimeOffset at) => Store.Retention.PruneAsync(StorePruner.CutoffsAt(at, Defaults), default);

    [SkippableFact]
    public async Task Novelty_and_the_commit_take_hundreds_of_items_in_chunks_with_the_same_rules()
    {
        var items = Enumerable.Range(0, 450).Select(i => Item("k" + i, Headline(i))).ToList();
        Assert.Equal(450, (await PollAsync(items, Now)).Count);
        Assert.Empty(await FreshAsync("f", items, Now)); // every chunk was inserted

        NewsItem[] mixed =
        [
            .. items.Skip(100).Take(300),
            Item("k5-regenerated", "Words never seen before here", "https://n.example/k5"), // a known link
            Item("t-repeat", Headline(7), "https://n.example/elsewhere"), // a known title
            Item("new-1", "A brand new headline today"),
            Item("new-1", "A brand new headline today"), // twice in one fetch
            Item("new-2", "Another brand new headline"),
        ];
        Assert.Equal(["new-1", "new-2"], (await FreshAsync("f", mixed, Now.AddHours(1))).Select(i => i.Key));
        Assert.Equal(2, (await PollAsync(mixed, Now.AddHours(1))).Count);
        Assert.Empty(await FreshAsync("f", mixed, Now.AddHours(2)));
    }

    [SkippableFact]
    public async Task An_item_its_feed_still_lists_is_never_forgotten_and_one_that_left_goes_after_the_horizon()
    {
        await Store.Feeds.SyncFeedsAsync(FeedOrigins.File("/c/feeds.json"), [Feed("f")], Now, default);
        NewsItem kept = Item("kept", "The item this feed always lists"), left = Item("left", "The item that leaves the feed");
        Assert.Equal(2, (await PollAsync([kept, left], Now)).Count);
        for (int day = 5; day <= 120; day += 5)
        {
            var at = Now.AddDays(day);
            Assert.Empty(await PollAsync([kept], at)); // listed every poll, never new again
            await PruneAtAsync(at);
            Assert.Empty(await FreshAsync("f", [kept], at));
            if (day <= 30) Assert.Empty(await FreshAsync("f", [left], at)); // gone from the feed, but within the horizon
            if (day == 35) Assert.Single(await FreshAsync("f", [left], at)); // forgotten
        }
    }

    [SkippableFact]
    public async Task A_feed_whose_latest_fetch_is_old_keeps_what_that_fetch_listed()
    {
        await Store.Feeds.SyncFeedsAsync(FeedOrigins.File("/c/feeds.json"), [Feed("f")], Now, default);
        NewsItem item = Item("only", "The only item of a feed that then fails");
        await PollAsync([item], Now);
        // The feed fails for a year (no fetch is recorded): what it last listed stays.
        Assert.Equal(0, (await PruneAtAsync(Now.AddDays(365))).Items);
        Assert.Empty(await FreshAsync("f", [item], Now.AddDays(365)));
        // An item of a feed with no recorded fetch at all goes by age alone.
        await Store.Items.CommitAsync(new ItemBatch("unknown-feed", Now, [new ProcessedItem(Item("u"), null, null, [])]), default);
        Assert.Equal(1, (await PruneAtAsync(Now.AddDays(46))).Items);
    }

    [SkippableFact]
    public async Task Retention_deletes_old_alerts_stories_and_finished_deliveries_and_nothing_else()
    {
        var old = Now.AddDays(-400);
        await CommitAlertAsync("old-sent", old, "s-old", story: Story("s-old", "a-old-sent", old), "console");
        await SendAsync("console", old.AddHours(1));
        await CommitAlertAsync("old-pending", old, "s-old-pending", story: null, "telegram:-1");   // never delivered
        await CommitAlertAsync("recent-in-old-story", Now.AddDays(-10), "s-long", story: Story("s-long", "a-first", old), "discord:1");
        await SendAsync("discord:1", Now.AddDays(-10));
        await CommitAlertAsync("month", Now.AddDays(-60), "s-month", story: null, "console", "telegram:-2");
        await SendAsync("console", Now.AddDays(-59));                                             // finished 59 days ago
        await CommitAlertAsync("recent", Now.AddDays(-10), "s-recent", story: null, "console");
        await SendAsync("console", Now.AddDays(-9));                                              // finished 9 days ago

        var counts = await PruneAtAsync(Now);
        Assert.Equal((1L, 1L, 2L), (counts.Alerts, counts.Stories, counts.Deliveries));
        Assert.Null(await Store.Alerts.GetAlertAsync("a-old-sent", default));
        Assert.Null(await Store.Stories.GetStoryAsync("s-old", default));
        Assert.NotNull(await Store.Alerts.GetAlertAsync("a-old-pending", default));           // its delivery is pending
        Assert.NotNull(await Store.Stories.GetStoryAsync("s-long", default));                  // it has a recent alert
        Assert.NotNull(await Store.Alerts.GetAlertAsync("a-month", default));
        Assert.NotNull(await Store.Alerts.GetAlertAsync("a-recent", default));
        Assert.Equal(2, await Store.Outbox.CountPendingDeliveriesAsync(default));               // pending deliveries stay, however old
        Assert.Equal(0, (await PruneAtAsync(Now)).Total);                                       // and a second pass finds nothing
    }

    private async Task CommitAlertAsync(string key, DateTimeOffset at, string storyId, StoryState? story, params string[] destinations)
    {
        var alert = TestStore.Alert("a-" + key, "Clash " + key, at: at) with { StoryId = storyId };
        var deliveries = destinations.Select(d => new RoutedDelivery(new Destination(d))).ToArray();
        await Store.Items.CommitAsync(new ItemBatch("f", at, [new ProcessedItem(Item(key), story, alert, deliveries)]), default);
    }

    /// <summary>Claims the one due delivery to <paramref name="destination"/> and records it sent at <paramref name="at"/>.</summary>
    private async Task SendAsync(string destination, DateTimeOffset at)
    {
        var claim = Assert.Single(await Store.Outbox.ClaimDueDeliveriesAsync("sender", new Destination(destination), at, at.AddMinutes(2), 10, default));
        Assert.True(await Store.Outbox.CompleteDeliveryAsync(claim, DeliveryResult.Sent("m"), at, null, default));
    }

    private static StoryState Story(string id, string firstAlertId, DateTimeOffset lastReport) => new()
    {
        Id = id, FirstAlertId = firstAlertId, FirstSeenUtc = lastReport, LastReportUtc = lastReport, Severity = 4, Categories = ["armed_clash"],
        PlaceIds = ["vorukh"], Signature = "", Sources = [new AlertSource("A", "https://a", "fa", lastReport)], Headline = "h",
    };
}
