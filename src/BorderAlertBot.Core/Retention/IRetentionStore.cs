namespace BorderAlertBot.Core.Retention;

/// <summary>Deletes what the retention windows no longer cover, in short batches, and gives the space back.</summary>
public interface IRetentionStore
{
    /// <summary>One full prune: every batch until nothing more is due, then the database's own compaction.</summary>
    Task<PruneCounts> PruneAsync(RetentionCutoffs cutoffs, CancellationToken cancellationToken);
}

/// <summary>
/// What a prune deletes: seen items first seen before <see cref="ItemsSeenBefore"/> whose last-listed time is
/// older than their feed's latest fetch (or, for a feed with no recorded fetch, than <see cref="Now"/>) by more
/// than <see cref="ListedRefresh"/>; alerts created before
/// <see cref="AlertsBefore"/> with no pending delivery (with their finished deliveries); stories whose last
/// report is before <see cref="AlertsBefore"/> and that have no alert left; finished deliveries completed
/// before <see cref="DeliveriesBefore"/>.
/// </summary>
public sealed record RetentionCutoffs(DateTimeOffset Now, DateTimeOffset ItemsSeenBefore, TimeSpan ListedRefresh, DateTimeOffset AlertsBefore, DateTimeOffset DeliveriesBefore, int BatchSize);

/// <summary>Rows deleted by one prune, per table.</summary>
public sealed record PruneCounts(long Items, long Alerts, long Stories, long Deliveries)
{
    public long Total => Items + Alerts + Stories + Deliveries;
}
