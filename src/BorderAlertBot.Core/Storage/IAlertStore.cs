using BorderAlertBot.Core.Alerts;
using BorderAlertBot.Core.Delivery;
using BorderAlertBot.Core.Items;
using BorderAlertBot.Core.Stories;

namespace BorderAlertBot.Core.Storage;

/// <summary>
/// The persisted truth, grouped by use. Every write is idempotent by a natural key (feed + item key,
/// alert id, alert × destination), so two processes on one database never alert twice.
/// </summary>
public interface IAlertStore : IFeedStore, IItemStore, IOutboxStore, IAlertReader, IKeyValueStore, IDestinationStore, ISubscriptionStore, IInstanceStore, IStoryLock
{
    /// <summary>Creates or migrates the schema.</summary>
    Task InitializeAsync(CancellationToken cancellationToken);
}

public interface IFeedStore
{
    /// <summary>
    /// Seeds and updates the store from one feeds file (<paramref name="origin"/> names it): its feeds are added,
    /// updated (name, language, interval; state kept) and brought back if they had left the set; feeds that came
    /// from this same file and are no longer in it leave the set. Feeds of other files, added from chat or
    /// imported are untouched, and so are feeds a person paused or removed, or the bot gave up on.
    /// </summary>
    Task SyncFeedsAsync(string origin, IReadOnlyList<FeedDefinition> feeds, DateTimeOffset now, CancellationToken cancellationToken);
    /// <summary>Adds one source outside any file (from chat, an OPML import); a feed removed earlier under this id comes back. False when the id or the URL is already in the set.</summary>
    Task<bool> AddFeedAsync(FeedDefinition feed, string origin, string addedBy, DateTimeOffset now, CancellationToken cancellationToken);
    /// <summary>Takes a feed out of the set for good (a feeds file does not bring it back; adding it again does). False when there is no such feed.</summary>
    Task<bool> RemoveFeedAsync(string id, string removedBy, CancellationToken cancellationToken);
    /// <summary>The feeds in the set (active or not), by id.</summary>
    Task<IReadOnlyList<FeedState>> GetFeedsAsync(CancellationToken cancellationToken);
    Task<FeedState?> GetFeedAsync(string id, CancellationToken cancellationToken);
    /// <summary>
    /// Active feeds due at <paramref name="now"/> (or held by an instance whose heartbeat expired), leased to
    /// <paramref name="owner"/> until <paramref name="leaseUntil"/> so no other poll takes them meanwhile.
    /// </summary>
    Task<IReadOnlyList<FeedState>> ClaimDueFeedsAsync(string owner, DateTimeOffset now, DateTimeOffset leaseUntil, int limit, CancellationToken cancellationToken);
    /// <summary>Extends the leases of the feeds <paramref name="owner"/> still holds (a long poll pass keeps its claims).</summary>
    Task<int> ExtendFeedLeasesAsync(string owner, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken);
    Task RecordFetchAsync(FetchRecord record, CancellationToken cancellationToken);
    /// <summary>Makes every active feed due now (run --once polls each feed once, backoff or not).</summary>
    Task MakeAllDueAsync(DateTimeOffset now, CancellationToken cancellationToken);
    Task<bool> SetFeedActiveAsync(string id, bool active, string? reason, DateTimeOffset now, CancellationToken cancellationToken);
}

public interface IItemStore
{
    /// <summary>The items not seen before in this feed: by key, by canonical link, or by title within <paramref name="titleWindow"/>.</summary>
    Task<IReadOnlyList<NewsItem>> FilterNewAsync(string feedId, IReadOnlyList<NewsItem> items, TimeSpan titleWindow, DateTimeOffset now, CancellationToken cancellationToken);
    /// <summary>Recent stories for the tracker to join items to.</summary>
    Task<IReadOnlyList<StoryState>> GetRecentStoriesAsync(DateTimeOffset since, CancellationToken cancellationToken);
    /// <summary>One story as it stands (every report joined to it, its status and related stories), or null.</summary>
    Task<StoryState?> GetStoryAsync(string id, CancellationToken cancellationToken);
    /// <summary>
    /// Atomically records seen items, story changes, alerts and their deliveries. An item another process
    /// recorded first is skipped with its alert. Returns the alerts actually created.
    /// </summary>
    Task<IReadOnlyList<Alert>> CommitAsync(ItemBatch batch, CancellationToken cancellationToken);
    /// <summary>Forgets seen items first seen before <paramref name="seenBefore"/> and finished deliveries before <paramref name="deliveredBefore"/>; returns rows removed.</summary>
    Task<int> PruneAsync(DateTimeOffset seenBefore, DateTimeOffset deliveredBefore, CancellationToken cancellationToken);
}

/// <summary>One feed's processed items, committed in one transaction.</summary>
public sealed record ItemBatch(string FeedId, DateTimeOffset NowUtc, IReadOnlyList<ProcessedItem> Items);

/// <summary>An item with what it produced: nothing (seen only), a story join, or an alert with its deliveries.</summary>
public sealed record ProcessedItem(NewsItem Item, StoryState? Story, Alert? Alert, IReadOnlyList<RoutedDelivery> Deliveries);

public interface IOutboxStore
{
    /// <summary>
    /// Pending deliveries due at <paramref name="now"/> (to <paramref name="destination"/> only, when given),
    /// leased to <paramref name="owner"/> until <paramref name="leaseUntil"/>. A delivery is claimable when
    /// it has no lease, its lease ended, or its owner's heartbeat expired; each claim raises the
    /// delivery's lease version, so the claim (owner + version) is a fencing token.
    /// </summary>
    Task<IReadOnlyList<PendingDelivery>> ClaimDueDeliveriesAsync(string owner, Destination? destination, DateTimeOffset now, DateTimeOffset leaseUntil, int limit, CancellationToken cancellationToken);

    Task<IReadOnlyList<PendingDelivery>> ClaimDueDeliveriesAsync(string owner, DateTimeOffset now, DateTimeOffset leaseUntil, int limit, CancellationToken cancellationToken) =>
        ClaimDueDeliveriesAsync(owner, null, now, leaseUntil, limit, cancellationToken);

    /// <summary>Destinations that have claimable deliveries at <paramref name="now"/>, oldest waiting first.</summary>
    Task<IReadOnlyList<Destination>> GetDueDestinationsAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Records the outcome of a claimed delivery, only while <paramref name="claim"/> still holds its lease
    /// (same owner, same version, owner alive). Returns false, changing nothing, when the lease passed to another.
    /// </summary>
    Task<bool> CompleteDeliveryAsync(PendingDelivery claim, DeliveryResult result, DateTimeOffset now, DateTimeOffset? nextAttemptUtc, CancellationToken cancellationToken);

    /// <summary>Extends one claim's lease when it still holds it: checked right before each send, so a lost claim is never sent.</summary>
    Task<bool> RenewDeliveryAsync(PendingDelivery claim, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken);

    /// <summary>Extends every lease <paramref name="owner"/> holds (while a send waits on a rate limit or a 429).</summary>
    Task<int> ExtendDeliveryLeasesAsync(string owner, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken);

    Task<int> CountPendingDeliveriesAsync(CancellationToken cancellationToken);

    /// <summary>The pending deliveries as they stand (why each is still pending), oldest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<PendingState>> GetPendingDeliveriesAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken);

    /// <summary>Adds deliveries for an existing alert; existing alert × destination pairs are ignored.</summary>
    Task EnqueueAsync(string alertId, IReadOnlyList<RoutedDelivery> deliveries, DateTimeOffset now, CancellationToken cancellationToken);
}

/// <summary>
/// A claimed delivery. <see cref="Digest"/>: held for a channel digest, to be sent together with the others due.
/// <see cref="LeaseOwner"/> and <see cref="LeaseVersion"/> are the claim's fencing token.
/// </summary>
public sealed record PendingDelivery(long Id, Destination Destination, Alert Alert, int Attempts, string? ReplyToMessageId, bool Digest = false,
    string LeaseOwner = "", long LeaseVersion = 0);

/// <summary>
/// A pending delivery's state: when it may next be tried, its last error, and the lease on it with its
/// owner's heartbeat (null when the owner is not a registered instance).
/// </summary>
public sealed record PendingState(long Id, Destination Destination, DateTimeOffset NextAttemptUtc, string? LastError,
    string? LeaseOwner, DateTimeOffset? LeaseUntilUtc, DateTimeOffset? OwnerHeartbeatUtc, DateTimeOffset? OwnerExpiresUtc);

public interface IAlertReader
{
    Task<Alert?> GetAlertAsync(string id, CancellationToken cancellationToken);
    Task<IReadOnlyList<Alert>> GetRecentAlertsAsync(DateTimeOffset since, int limit, CancellationToken cancellationToken);
    Task<IReadOnlyList<Alert>> GetStoryAlertsAsync(string storyId, CancellationToken cancellationToken);
    Task<int> CountAlertsSinceAsync(DateTimeOffset since, CancellationToken cancellationToken);
}

/// <summary>Small named values: the Telegram update offset, last poll time.</summary>
public interface IKeyValueStore
{
    Task<string?> GetValueAsync(string key, CancellationToken cancellationToken);
    Task SetValueAsync(string key, string value, CancellationToken cancellationToken);
}
