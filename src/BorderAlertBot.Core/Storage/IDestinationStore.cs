using BorderAlertBot.Core.Delivery;

namespace BorderAlertBot.Core.Storage;

/// <summary>A destination's state and, for channels, its settings (from /settings).</summary>
public sealed record DestinationRecord(Destination Destination, DestinationStatus Status, string? Reason, ChannelSettings? Settings, DateTimeOffset UpdatedUtc);

/// <summary>Destinations: paused or disabled ones, and channels registered or tuned with /settings.</summary>
public interface IDestinationStore
{
    Task<DestinationRecord?> GetDestinationAsync(Destination destination, CancellationToken cancellationToken);
    Task SetDestinationStatusAsync(Destination destination, DestinationStatus status, string? reason, DateTimeOffset now, CancellationToken cancellationToken);
    Task SaveChannelSettingsAsync(Destination destination, ChannelSettings settings, DateTimeOffset now, CancellationToken cancellationToken);
    /// <summary>Every destination that has a state or settings.</summary>
    Task<IReadOnlyList<DestinationRecord>> GetDestinationsAsync(CancellationToken cancellationToken);
    /// <summary>A chat changed id (group → supergroup): settings move, pending deliveries are re-targeted.</summary>
    Task MoveDestinationAsync(Destination from, Destination to, DateTimeOffset now, CancellationToken cancellationToken);
}

/// <summary>One personal subscription: a keyword or a place, at a minimum severity, notified to a private chat.</summary>
public sealed record Subscription
{
    public long Id { get; init; }
    public required string Platform { get; init; }
    public required string UserId { get; init; }
    /// <summary>Where notifications go ("telegram-user:42", "discord-user:42").</summary>
    public required Destination Destination { get; init; }
    /// <summary>As the user typed it.</summary>
    public required string Keyword { get; init; }
    /// <summary>The folded matching key (see BorderDetector.Key).</summary>
    public required string MatchKey { get; init; }
    /// <summary>Set when the keyword names a gazetteer place: any of its aliases matches.</summary>
    public string? PlaceId { get; init; }
    public int MinSeverity { get; init; } = 1;
    public DateTimeOffset CreatedUtc { get; init; }
}

public interface ISubscriptionStore
{
    /// <summary>False when the user already has a subscription with that key.</summary>
    Task<bool> AddSubscriptionAsync(Subscription subscription, CancellationToken cancellationToken);
    Task<int> RemoveSubscriptionsAsync(string platform, string userId, string? matchKey, CancellationToken cancellationToken);
    Task<IReadOnlyList<Subscription>> GetSubscriptionsAsync(string platform, string userId, CancellationToken cancellationToken);
    Task<IReadOnlyList<Subscription>> GetAllSubscriptionsAsync(CancellationToken cancellationToken);
}
