namespace BorderAlertBot.Feeds.Fetching;

public enum FetchStatus { Ok, NotModified, Failed }

/// <summary>The outcome of one guarded fetch. <see cref="Error"/> is a one-line reason a user can act on.</summary>
public sealed record FetchResult
{
    public required FetchStatus Status { get; init; }
    public byte[] Body { get; init; } = [];
    /// <summary>The charset the HTTP header declared, if any.</summary>
    public string? Charset { get; init; }
    public string? MediaType { get; init; }
    public string? ETag { get; init; }
    public string? LastModified { get; init; }
    public Uri? FinalUrl { get; init; }
    /// <summary>Set when every redirect on the way was permanent (301/308): the feed has moved.</summary>
    public Uri? MovedPermanentlyTo { get; init; }
    public string? Error { get; init; }
    /// <summary>True for failures that retrying will not fix soon (404, 410, blocked address, bad scheme).</summary>
    public bool Permanent { get; init; }
    public TimeSpan? RetryAfter { get; init; }

    public static FetchResult Fail(string error, bool permanent = false, TimeSpan? retryAfter = null) =>
        new() { Status = FetchStatus.Failed, Error = error, Permanent = permanent, RetryAfter = retryAfter };
}
