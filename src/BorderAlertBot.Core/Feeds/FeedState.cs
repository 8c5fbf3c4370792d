namespace BorderAlertBot.Core.Feeds;

/// <summary>A feed with its polling state and health, as the store keeps it.</summary>
public sealed record FeedState
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required Uri Url { get; init; }
    public string Language { get; init; } = "";
    /// <summary>The region of a regional outlet (a gazetteer area id), or null (<see cref="FeedDefinition.Region"/>).</summary>
    public string? Region { get; init; }
    public required TimeSpan Interval { get; init; }
    public bool Active { get; init; } = true;
    public string? DeactivatedReason { get; init; }
    public string? ETag { get; init; }
    public string? LastModified { get; init; }
    public DateTimeOffset? FirstPolledUtc { get; init; }
    public DateTimeOffset? LastPollUtc { get; init; }
    public DateTimeOffset? LastSuccessUtc { get; init; }
    public DateTimeOffset? LastErrorUtc { get; init; }
    public string? LastError { get; init; }
    public int ConsecutiveFailures { get; init; }
    public DateTimeOffset? FailingSinceUtc { get; init; }
    public DateTimeOffset? BackoffUntilUtc { get; init; }
    public DateTimeOffset NextPollUtc { get; init; }
    public DateTimeOffset? LastNewItemUtc { get; init; }
    public bool Stale { get; init; }
    /// <summary>Where the feed came from: <c>file:PATH</c> for a feeds file, <see cref="FeedOrigins.Chat"/>, <see cref="FeedOrigins.Import"/>.</summary>
    public string Origin { get; init; } = "";
    /// <summary>Who added it when it did not come from a file (a chat user, "operator" for the local CLI).</summary>
    public string? AddedBy { get; init; }

    public bool KnownBefore => FirstPolledUtc is not null;
}
