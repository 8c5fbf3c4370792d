using BorderAlertBot.Core.Alerts;
using BorderAlertBot.Core.Items;

namespace BorderAlertBot.Core.Pipeline;

/// <summary>
/// Seen items and the pipeline's commit. Every write is idempotent by a natural key (feed + item key,
/// alert id, alert × destination), so two processes on one database never alert twice.
/// </summary>
public interface IItemStore
{
    /// <summary>
    /// In one round trip per few hundred items: the items not seen before in this feed (by key, by canonical
    /// link, or by title within <paramref name="titleWindow"/>; an item repeated within the fetch counts once),
    /// and the seen items this fetch still lists whose last-listed time is older than
    /// <paramref name="listedRefresh"/> (the commit renews it, so an item its feed still lists is never forgotten).
    /// </summary>
    Task<Novelty> FilterNewAsync(string feedId, IReadOnlyList<NewsItem> items, TimeSpan titleWindow, TimeSpan listedRefresh, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Atomically, in one transaction: seen items, the feed's window (<see cref="ItemBatch.Window"/>), story
    /// changes, alerts and their deliveries. An item another process recorded first is skipped with its alert.
    /// Returns the alerts actually created.
    /// </summary>
    Task<IReadOnlyList<Alert>> CommitAsync(ItemBatch batch, CancellationToken cancellationToken);
}

/// <summary>What a fetch brought: its new items, and what it says about the feed's window.</summary>
public sealed record Novelty(IReadOnlyList<NewsItem> Fresh, FeedWindow Window);

/// <summary>
/// The feed's latest fetch as the store remembers it: when it was read, and the seen items (by key, or by
/// link for an item whose guid was regenerated) it still lists whose last-listed time needs renewing.
/// </summary>
public sealed record FeedWindow(DateTimeOffset ListedAtUtc, IReadOnlyList<string> RelistedKeys, IReadOnlyList<string> RelistedLinks)
{
    public static FeedWindow Empty(DateTimeOffset at) => new(at, [], []);
}
