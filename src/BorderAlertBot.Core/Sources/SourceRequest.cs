namespace BorderAlertBot.Core.Sources;

/// <summary>A source someone asked to add: its address and, optionally, a name, a language code and a poll interval.</summary>
public sealed record SourceRequest(Uri Url, string? Name = null, string? Language = null, TimeSpan? Interval = null, string? Region = null);
