namespace BorderAlertBot.Core.Feeds;

/// <summary>The configured feeds with their polling state and health; claims of due feeds are leases.</summary>
public interface IFeedStore
{
    /// <summary>Adds feeds from configuration and updates their name, language and interval; state is kept. Feeds no longer configured are deactivated.</summary>
    Task SyncFeedsAsync(IReadOnlyList<FeedDefinition> feeds, DateTimeOffset now, CancellationToken cancellationToken);
    Task<IReadOnlyList<FeedState>> GetFeedsAsync(CancellationToken cancellationToken);
    Task<FeedState?> GetFeedAsync(string id, CancellationToken cancellationToken);
    /// <summary>Active feeds due at <paramref name="now"/>, leased until <paramref name="leaseUntil"/> so no other poll takes them meanwhile.</summary>
    Task<IReadOnlyList<FeedState>> ClaimDueFeedsAsync(DateTimeOffset now, DateTimeOffset leaseUntil, int limit, CancellationToken cancellationToken);
    Task RecordFetchAsync(FetchRecord record, CancellationToken cancellationToken);
    /// <summary>Makes every active feed due now (run --once polls each feed once, backoff or not).</summary>
    Task MakeAllDueAsync(DateTimeOffset now, CancellationToken cancellationToken);
    Task<bool> SetFeedActiveAsync(string id, bool active, string? reason, DateTimeOffset now, CancellationToken cancellationToken);
}
