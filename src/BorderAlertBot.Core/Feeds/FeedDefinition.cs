namespace BorderAlertBot.Core.Feeds;

/// <summary>One feed from config/feeds.json.</summary>
public sealed record FeedDefinition(string Id, string Name, Uri Url, string Language, TimeSpan Interval);
