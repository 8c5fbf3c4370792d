namespace BorderAlertBot.Core.Feeds;

/// <summary>The outcome of one fetch, to record on the feed.</summary>
public sealed record FetchRecord
{
    public required string FeedId { get; init; }
    public required DateTimeOffset AtUtc { get; init; }
    public required bool Success { get; init; }
    public bool NotModified { get; init; }
    public string? ETag { get; init; }
    public string? LastModified { get; init; }
    public string? Error { get; init; }
    public required DateTimeOffset NextPollUtc { get; init; }
    public DateTimeOffset? BackoffUntilUtc { get; init; }
    /// <summary>A permanent redirect's target: the stored URL is replaced.</summary>
    public Uri? NewUrl { get; init; }
    public bool Deactivate { get; init; }
    public bool Stale { get; init; }
    public bool HadNewItems { get; init; }
}
