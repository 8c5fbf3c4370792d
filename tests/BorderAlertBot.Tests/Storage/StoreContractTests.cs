using BorderAlertBot.Core.Alerts;
using BorderAlertBot.Core.Delivery;
using BorderAlertBot.Core.Items;
using BorderAlertBot.Core.Storage;
using BorderAlertBot.Core.Stories;
using BorderAlertBot.Storage.Postgres;
using BorderAlertBot.Storage.Sqlite;
using BorderAlertBot.Tests.Fakes;
using Xunit;
using BorderAlertBot.Core.Feeds;
using BorderAlertBot.Core.Pipeline;

namespace BorderAlertBot.Tests.Storage;

/// <summary>One contract, run against every store implementation: idempotent writes, leases, routing state.</summary>
public abstract partial class StoreContractTests : IAsyncLifetime
{
    protected static readonly DateTimeOffset Now = new(2025, 3, 13, 12, 0, 0, TimeSpan.Zero);
    private IStorage? _store;

    /// <summary>The store under test; a test of a store that is not available here is skipped with the reason.</summary>
    protected IStorage Store => _store ?? throw new SkipException(SkipReason ?? "the store was not created");

    protected abstract IStorage CreateStore();

    /// <summary>Why this store cannot be tested on this machine, or null.</summary>
    protected virtual string? SkipReason => null;

    public async Task InitializeAsync()
    {
        if (SkipReason is not null) return;
        _store = CreateStore();
        await _store.InitializeAsync(default);
        await _store.InitializeAsync(default); // migrating twice is a no-op
    }

    public Task DisposeAsync()
    {
        (_store as IDisposable)?.Dispose();
        return Task.CompletedTask;
    }

    private static NewsItem Item(string key, string title = "Clash at Vorukh", string? link = null) =>
        new() { FeedId = "f", Key = key, Title = title, Link = link ?? "https://n.example/" + key };

    private static ProcessedItem WithAlert(string key, params string[] destinations) =>
        new(Item(key), null, TestStore.Alert("a-" + key, "Clash " + key, at: Now), destinations.Select(d => new RoutedDelivery(new Destination(d))).ToArray());

    [SkippableFact]
    public async Task Feeds_sync_claim_with_a_lease_and_record_health()
    {
        await Store.Feeds.SyncFeedsAsync(FeedOrigins.File("/c/feeds.json"), [new FeedDefinition("f", "F", new Uri("https://n.example/rss"), "en", TimeSpan.FromMinutes(10))], Now, default);
        var claimed = await Store.Feeds.ClaimDueFeedsAsync("p", Now, Now.AddMinutes(10), 10, default);
        Assert.Single(claimed);
        Assert.Empty(await Store.Feeds.ClaimDueFeedsAsync("p", Now, Now.AddMinutes(10), 10, default)); // leased
        await Store.Feeds.RecordFetchAsync(new FetchRecord { FeedId = "f", AtUtc = Now, Success = false, Error = "HTTP 500", NextPollUtc = Now.AddMinutes(20), BackoffUntilUtc = Now.AddMinutes(20) }, default);
        var feed = (await Store.Feeds.GetFeedAsync("f", default))!;
        Assert.Equal(1, feed.ConsecutiveFailures);
        Assert.Equal("HTTP 500", feed.LastError);
        await Store.Feeds.RecordFetchAsync(new FetchRecord { FeedId = "f", AtUtc = Now.AddMinutes(20), Success = true, ETag = "\"x\"", NextPollUtc = Now.AddMinutes(30), NewUrl = new Uri("https://n.example/new") }, default);
        feed = (await Store.Feeds.GetFeedAsync("f", default))!;
        Assert.Equal(0, feed.ConsecutiveFailures);
        Assert.Equal("\"x\"", feed.ETag);
        Assert.Equal("https://n.example/new", feed.Url.AbsoluteUri);
        Assert.True(feed.KnownBefore);
        Assert.True(await Store.Feeds.SetFeedActiveAsync("f", false, "tired", Now, default));
        Assert.False((await Store.Feeds.GetFeedAsync("f", default))!.Active);
        await Store.Feeds.MakeAllDueAsync(Now.AddHours(1), default);
        Assert.Empty(await Store.Feeds.ClaimDueFeedsAsync("p", Now.AddHours(1), Now.AddHours(2), 10, default)); // inactive
    }

    private static FeedDefinition Feed(string id) => new(id, id, new Uri($"https://n.example/{id}.xml"), "en", TimeSpan.FromMinutes(10));

    private async Task<Dictionary<string, FeedState>> FeedsAsync() => (await Store.Feeds.GetFeedsAsync(default)).ToDictionary(f => f.Id);

    [SkippableFact]
    public async Task A_feed_leaves_the_set_only_when_its_own_file_drops_it_an_admin_removes_it_or_the_bot_gives_up()
    {
        string a = FeedOrigins.File("/srv/a.json"), b = FeedOrigins.File("/srv/b.json");
        await Store.Feeds.SyncFeedsAsync(a, [Feed("a1"), Feed("a2")], Now, default);
        await Store.Feeds.SyncFeedsAsync(b, [Feed("b1")], Now, default);
        var feeds = await FeedsAsync();
        Assert.Equal(["a1", "a2", "b1"], feeds.Keys.Order());
        Assert.All(feeds.Values, f => Assert.True(f.Active)); // syncing file B left A's feeds alone

        await Store.Feeds.SyncFeedsAsync(a, [Feed("a1")], Now, default); // a2 removed from its own file
        feeds = await FeedsAsync();
        Assert.Equal(["a1", "b1"], feeds.Keys.Order());
        Assert.Equal(["a1", "b1"], (await Store.Feeds.ClaimDueFeedsAsync("p", Now, Now.AddMinutes(5), 10, default)).Select(f => f.Id).Order());
        await Store.Feeds.SyncFeedsAsync(a, [Feed("a1"), Feed("a2")], Now.AddMinutes(1), default); // and back
        Assert.True((await FeedsAsync())["a2"].Active);

        Assert.True(await Store.Feeds.SetFeedActiveAsync("a1", false, "paused by operator", Now, default));
        await Store.Feeds.SyncFeedsAsync(a, [Feed("a1"), Feed("a2")], Now, default);
        Assert.False((await FeedsAsync())["a1"].Active); // a person's pause outlives the file

        Assert.True(await Store.Feeds.RemoveFeedAsync("a2", "operator", default));
        Assert.False(await Store.Feeds.RemoveFeedAsync("a2", "operator", default));
        await Store.Feeds.SyncFeedsAsync(a, [Feed("a1"), Feed("a2")], Now, default);
        Assert.DoesNotContain("a2", (await FeedsAsync()).Keys); // an admin's removal outlives the file

        var chat = new FeedDefinition("c1", "C", new Uri("https://c.example/rss"), "ru", TimeSpan.FromMinutes(15));
        Assert.True(await Store.Feeds.AddFeedAsync(chat, FeedOrigins.Chat, "telegram:7", Now, default));
        Assert.False(await Store.Feeds.AddFeedAsync(chat with { Id = "c2" }, FeedOrigins.Chat, "telegram:7", Now, default)); // same URL
        Assert.False(await Store.Feeds.AddFeedAsync(Feed("a1"), FeedOrigins.Chat, "telegram:7", Now, default)); // same id
        await Store.Feeds.SyncFeedsAsync(a, [Feed("a1")], Now, default);
        await Store.Feeds.SyncFeedsAsync(b, [], Now, default);
        feeds = await FeedsAsync();
        Assert.Equal(["a1", "c1"], feeds.Keys.Order()); // the chat-added source is no file's to drop
        Assert.Equal("telegram:7", feeds["c1"].AddedBy);
        Assert.Equal(FeedOrigins.Chat, feeds["c1"].Origin);
        Assert.True(await Store.Feeds.AddFeedAsync(Feed("a2"), FeedOrigins.Chat, "discord:9", Now, default)); // re-added by a person
        Assert.True((await FeedsAsync())["a2"].Active);
    }

    [SkippableFact]
    public async Task Items_are_new_once_by_key_link_or_title_and_a_racing_commit_alerts_once()
    {
        var items = new[] { Item("1"), Item("2", "Another title"), Item("2", "Another title") };
        var fresh = await FreshAsync("f", items, Now);
        Assert.Equal(2, fresh.Count);

        var batch = new ItemBatch("f", Now, [WithAlert("1", "console")]);
        Assert.Single(await Store.Items.CommitAsync(batch, default));
        Assert.Empty(await Store.Items.CommitAsync(batch, default)); // another process committed it first: nothing twice
        Assert.Empty(await FreshAsync("f", [Item("1-regenerated", link: "https://n.example/1")], Now));
        Assert.Empty(await FreshAsync("f", [Item("9", "Clash at Vorukh", "https://n.example/other")], Now));
        Assert.Single(await FreshAsync("other-feed", [Item("1")], Now));
    }

    [SkippableFact]
    public async Task Deliveries_are_claimed_once_retried_completed_and_reply_to_the_story()
    {
        await Store.Items.CommitAsync(new ItemBatch("f", Now, [WithAlert("1", "console", "telegram:-100")]), default);
        var first = await Store.Outbox.ClaimDueDeliveriesAsync("a", Now, Now.AddMinutes(2), 10, default);
        Assert.Equal(2, first.Count);
        Assert.Empty(await Store.Outbox.ClaimDueDeliveriesAsync("b", Now, Now.AddMinutes(2), 10, default)); // leased to "a"
        await Store.Outbox.CompleteDeliveryAsync(first[0], DeliveryResult.Sent("m-1"), Now, null, default);
        await Store.Outbox.CompleteDeliveryAsync(first[1], DeliveryResult.Retry("429"), Now, Now.AddSeconds(30), default);
        Assert.Equal(1, await Store.Outbox.CountPendingDeliveriesAsync(default));
        Assert.Empty(await Store.Outbox.ClaimDueDeliveriesAsync("b", Now.AddSeconds(10), Now.AddMinutes(2), 10, default));
        var retry = Assert.Single(await Store.Outbox.ClaimDueDeliveriesAsync("b", Now.AddSeconds(31), Now.AddMinutes(2), 10, default));
        Assert.Equal(1, retry.Attempts);

        // An update of the same story to the same destination carries the first message's id.
        var update = TestStore.Alert("a-2", "Update", at: Now) with { StoryId = "s-a-1", IsUpdate = true };
        await Store.Items.CommitAsync(new ItemBatch("f", Now, [new ProcessedItem(Item("2", "Update"), null, update, [new RoutedDelivery(first[0].Destination)])]), default);
        var reply = Assert.Single(await Store.Outbox.ClaimDueDeliveriesAsync("c", Now.AddMinutes(5), Now.AddMinutes(6), 10, default), d => d.Alert.Id == "a-2");
        Assert.Equal("m-1", reply.ReplyToMessageId);
    }

    [SkippableFact]
    public async Task A_claim_is_a_fencing_token_and_a_dead_instances_claims_are_free_at_once()
    {
        await Store.Items.CommitAsync(new ItemBatch("f", Now, [WithAlert("1", "telegram:-1", "telegram:-2"), WithAlert("2", "telegram:-1")]), default);
        var a = new InstanceRecord("a", "host-a", 1, Now);
        var b = new InstanceRecord("b", "host-b", 2, Now);
        await Store.Instances.HeartbeatAsync(a, Now, Now.AddSeconds(30), default);
        await Store.Instances.HeartbeatAsync(b, Now, Now.AddSeconds(30), default);

        Assert.Equal(["telegram:-1", "telegram:-2"], (await Store.Outbox.GetDueDestinationsAsync(Now, 10, default)).Select(d => d.Key));
        // Per destination, and no more than asked.
        var claimA = Assert.Single(await Store.Outbox.ClaimDueDeliveriesAsync("a", new Destination("telegram:-1"), Now, Now.AddMinutes(2), 1, default));
        Assert.Equal(("telegram:-1", "a"), (claimA.Destination.Key, claimA.LeaseOwner));
        Assert.True(await Store.Outbox.RenewDeliveryAsync(claimA, Now.AddSeconds(10), Now.AddMinutes(3), default));

        // "a" stops beating: after its expiry its claim is free for "b" long before the lease ends.
        var later = Now.AddSeconds(31);
        await Store.Instances.HeartbeatAsync(b, later, later.AddSeconds(30), default);
        var claimB = (await Store.Outbox.ClaimDueDeliveriesAsync("b", new Destination("telegram:-1"), later, later.AddMinutes(2), 10, default)).Single(d => d.Id == claimA.Id);
        Assert.True(claimB.LeaseVersion > claimA.LeaseVersion);

        // "a" comes back: it can neither renew (so it does not send) nor record an outcome for what "b" now holds.
        await Store.Instances.HeartbeatAsync(a, later, later.AddSeconds(30), default);
        Assert.False(await Store.Outbox.RenewDeliveryAsync(claimA, later, later.AddMinutes(2), default));
        Assert.False(await Store.Outbox.CompleteDeliveryAsync(claimA, DeliveryResult.Sent("from-a"), later, null, default));
        Assert.True(await Store.Outbox.CompleteDeliveryAsync(claimB, DeliveryResult.Sent("from-b"), later, null, default));
        Assert.False(await Store.Outbox.CompleteDeliveryAsync(claimB, DeliveryResult.Sent("again"), later, null, default)); // once

        var pending = await Store.Outbox.GetPendingDeliveriesAsync(later, 10, default);
        Assert.Equal(2, pending.Count);
        var held = Assert.Single(pending, p => p.LeaseOwner == "b");
        Assert.Equal(later.AddSeconds(30), held.OwnerExpiresUtc);
        Assert.Equal(["a", "b"], (await Store.Instances.GetLiveInstancesAsync(later, default)).Select(i => i.Id).Order());
        await Store.Instances.ExpireInstanceAsync("b", later, default);
        Assert.Equal(2, (await Store.Outbox.ClaimDueDeliveriesAsync("a", later, later.AddMinutes(2), 10, default)).Count); // "b" stopped: free at once
    }

    [SkippableFact]
    public async Task Named_leases_have_one_owner_and_pass_on_when_it_dies()
    {
        await Store.Instances.HeartbeatAsync(new InstanceRecord("a", "h", 1, Now), Now, Now.AddSeconds(30), default);
        await Store.Instances.HeartbeatAsync(new InstanceRecord("b", "h", 2, Now), Now, Now.AddSeconds(30), default);
        long? first = await Store.Instances.TryAcquireLeaseAsync("intake:telegram", "a", Now, Now.AddMinutes(1), default);
        Assert.NotNull(first);
        Assert.Null(await Store.Instances.TryAcquireLeaseAsync("intake:telegram", "b", Now.AddSeconds(1), Now.AddMinutes(1), default));
        Assert.Equal(first, await Store.Instances.TryAcquireLeaseAsync("intake:telegram", "a", Now.AddSeconds(5), Now.AddMinutes(1), default)); // renewed
        // "a"'s heartbeat expires: "b" takes the lease although it had not run out, with a new version.
        var later = Now.AddSeconds(31);
        long? second = await Store.Instances.TryAcquireLeaseAsync("intake:telegram", "b", later, later.AddMinutes(1), default);
        Assert.True(second > first);
        await Store.Instances.ReleaseLeaseAsync("intake:telegram", "b", default);
        Assert.True(await Store.Instances.TryAcquireLeaseAsync("intake:telegram", "c", later, later.AddMinutes(1), default) > second);
    }

    [SkippableFact]
    public async Task Feeds_held_by_a_dead_instance_are_claimable_and_claims_renew()
    {
        await Store.Feeds.SyncFeedsAsync(FeedOrigins.File("/c/feeds.json"), [new FeedDefinition("f", "F", new Uri("https://n.example/rss"), "en", TimeSpan.FromMinutes(10))], Now, default);
        await Store.Instances.HeartbeatAsync(new InstanceRecord("a", "h", 1, Now), Now, Now.AddSeconds(30), default);
        Assert.Single(await Store.Feeds.ClaimDueFeedsAsync("a", Now, Now.AddMinutes(10), 10, default));
        Assert.Equal(1, await Store.Feeds.ExtendFeedLeasesAsync("a", Now, Now.AddMinutes(12), default));
        Assert.Empty(await Store.Feeds.ClaimDueFeedsAsync("b", Now.AddSeconds(20), Now.AddMinutes(10), 10, default));
        Assert.Single(await Store.Feeds.ClaimDueFeedsAsync("b", Now.AddSeconds(31), Now.AddMinutes(10), 10, default)); // "a" died
    }

    [SkippableFact]
    public async Task Paused_destinations_receive_nothing_and_moves_retarget()
    {
        await Store.Items.CommitAsync(new ItemBatch("f", Now, [WithAlert("1", "telegram-user:7", "telegram:-1")]), default);
        await Store.Destinations.SetDestinationStatusAsync(new Destination("telegram-user:7"), DestinationStatus.Paused, "blocked", Now, default);
        var due = await Store.Outbox.ClaimDueDeliveriesAsync("a", Now, Now.AddMinutes(2), 10, default);
        var only = Assert.Single(due);
        Assert.Equal("telegram:-1", only.Destination.Key);

        await Store.Outbox.CompleteDeliveryAsync(only, DeliveryResult.Moved(new Destination("telegram:-1009"), "migrated"), Now, null, default);
        var moved = Assert.Single(await Store.Outbox.ClaimDueDeliveriesAsync("a", Now, Now.AddMinutes(2), 10, default));
        Assert.Equal("telegram:-1009", moved.Destination.Key);
        Assert.Equal(DestinationStatus.Disabled, (await Store.Destinations.GetDestinationAsync(new Destination("telegram:-1"), default))!.Status);
    }

    [SkippableFact]
    public async Task Settings_subscriptions_stories_and_values_round_trip()
    {
        var channel = new Destination("discord:42");
        await Store.Destinations.SaveChannelSettingsAsync(channel, ChannelSettings.Default with { MinSeverity = 4, Categories = ["incident"] }, Now, default);
        Assert.Equal(4, (await Store.Destinations.GetDestinationAsync(channel, default))!.Settings!.MinSeverity);
        await Store.Destinations.MoveDestinationAsync(channel, new Destination("discord:43"), Now, default);
        Assert.Equal(["incident"], (await Store.Destinations.GetDestinationAsync(new Destination("discord:43"), default))!.Settings!.Categories);

        var sub = new Subscription { Platform = "telegram", UserId = "1", Destination = new Destination("telegram-user:1"), Keyword = "Ворух", MatchKey = "voruh", PlaceId = "vorukh", CreatedUtc = Now };
        Assert.True(await Store.Subscriptions.AddSubscriptionAsync(sub, default));
        Assert.False(await Store.Subscriptions.AddSubscriptionAsync(sub, default));
        Assert.Equal("vorukh", Assert.Single(await Store.Subscriptions.GetSubscriptionsAsync("telegram", "1", default)).PlaceId);
        Assert.Equal(1, await Store.Subscriptions.RemoveSubscriptionsAsync("telegram", "1", null, default));

        var story = new StoryState
        {
            Id = "s-1", FirstAlertId = "a-1", FirstSeenUtc = Now, LastReportUtc = Now, Severity = 4, Categories = ["armed_clash"],
            PlaceIds = ["vorukh"], Signature = "", Sources = [new AlertSource("A", "https://a", "fa", Now), new AlertSource("B", "https://b", "fb", Now)], Headline = "h",
        };
        await Store.Items.CommitAsync(new ItemBatch("f", Now, [WithAlert("1")]), default);
        await Store.Items.CommitAsync(new ItemBatch("f", Now, [new ProcessedItem(Item("2", "Other"), story, null, [])]), default);
        Assert.Equal(2, (await Store.Alerts.GetAlertAsync("a-1", default))!.Sources.Count); // the first alert lists the story's sources
        Assert.Equal("s-1", Assert.Single(await Store.Stories.GetRecentStoriesAsync(Now.AddDays(-1), default)).Id);

        await Store.Settings.SetValueAsync("telegram:offset", "41", default);
        await Store.Settings.SetValueAsync("telegram:offset", "42", default);
        Assert.Equal("42", await Store.Settings.GetValueAsync("telegram:offset", default));
        Assert.Equal(1, await Store.Alerts.CountAlertsSinceAsync(Now.AddHours(-1), default));
    }

}

public sealed class SqliteStoreContractTests : StoreContractTests, IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "ba-contract-" + Guid.NewGuid().ToString("N"));

    protected override IStorage CreateStore() => new SqliteStorage($"Data Source={Path.Combine(_dir, "sub", "store.db")}");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        TempFolder.Delete(_dir);
    }
}

public sealed class PostgresStoreContractTests(PostgresServer server) : StoreContractTests, IClassFixture<PostgresServer>
{
    protected override IStorage CreateStore() => new PostgresStorage(server.CreateDatabase());

    protected override string? SkipReason => server.Unavailable;
}
