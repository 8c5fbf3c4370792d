namespace BorderAlertBot.Core.Delivery;

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
