namespace BorderAlertBot.Core.Delivery;

/// <summary>What a channel wants to receive. Defaults: everything relevant.</summary>
public sealed record ChannelSettings
{
    public int MinSeverity { get; init; } = 1;
    /// <summary>Empty = all categories.</summary>
    public IReadOnlyList<string> Categories { get; init; } = [];
    /// <summary>Empty = all languages.</summary>
    public IReadOnlyList<string> Languages { get; init; } = [];
    /// <summary>Local quiet hours (UTC offset of the channel), alerts below severity 5 are held for the digest.</summary>
    public int? QuietFromHour { get; init; }
    public int? QuietToHour { get; init; }
    public int UtcOffsetHours { get; init; } = 6;
    /// <summary>Digest mode: one summary every N hours instead of each alert; null = each alert.</summary>
    public int? DigestHours { get; init; }
    /// <summary>The weekly digest picture (map, trend, three lines) every local Monday 09:00 (<see cref="UtcOffsetHours"/>).</summary>
    public bool Weekly { get; init; }

    public static readonly ChannelSettings Default = new();
}
