namespace BorderAlertBot.Core.Delivery;

/// <summary>A destination's state and, for channels, its settings (from /settings).</summary>
public sealed record DestinationRecord(Destination Destination, DestinationStatus Status, string? Reason, ChannelSettings? Settings, DateTimeOffset UpdatedUtc);
