using BorderAlertBot.Core.Alerts;
using BorderAlertBot.Core.Delivery;
using BorderAlertBot.Core.Items;
using BorderAlertBot.Core.Stories;

namespace BorderAlertBot.Core.Pipeline;

/// <summary>One feed's processed items, committed in one transaction; with <see cref="Window"/>, the fetch's listing is recorded too.</summary>
public sealed record ItemBatch(string FeedId, DateTimeOffset NowUtc, IReadOnlyList<ProcessedItem> Items, FeedWindow? Window = null);

/// <summary>An item with what it produced: nothing (seen only), a story join, or an alert with its deliveries.</summary>
public sealed record ProcessedItem(NewsItem Item, StoryState? Story, Alert? Alert, IReadOnlyList<RoutedDelivery> Deliveries);
