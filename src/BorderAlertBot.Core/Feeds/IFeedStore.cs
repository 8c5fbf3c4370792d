namespace BorderAlertBot.Core.Feeds;

/// <summary>The configured feeds with their polling state and health; claims of due feeds are leases.</summary>
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
