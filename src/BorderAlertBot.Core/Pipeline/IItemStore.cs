using BorderAlertBot.Core.Alerts;
using BorderAlertBot.Core.Items;

namespace BorderAlertBot.Core.Pipeline;

/// <summary>
/// Seen items and the pipeline's commit. Every write is idempotent by a natural key (feed + item key,
/// alert id, alert × destination), so two processes on one database never alert twice.
/// </summary>
public interface IItemStore
{
    /// <summary>The items not seen before in this feed: by key, by canonical link, or by title within <paramref name="titleWindow"/>.</summary>
    Task<IReadOnlyList<NewsItem>> FilterNewAsync(string feedId, IReadOnlyList<NewsItem> items, TimeSpan titleWindow, DateTimeOffset now, CancellationToken cancellationToken);
    /// <summary>
    /// Atomically records seen items, story changes, alerts and their deliveries. An item another process
    /// recorded first is skipped with its alert. Returns the alerts actually created.
    /// </summary>
    Task<IReadOnlyList<Alert>> CommitAsync(ItemBatch batch, CancellationToken cancellationToken);
    /// <summary>Forgets seen items first seen before <paramref name="seenBefore"/> and finished deliveries before <paramref name="deliveredBefore"/>; returns rows removed.</summary>
    Task<int> PruneAsync(DateTimeOffset seenBefore, DateTimeOffset deliveredBefore, CancellationToken cancellationToken);
}
