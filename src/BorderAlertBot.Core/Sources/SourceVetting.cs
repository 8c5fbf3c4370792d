using BorderAlertBot.Core.Detection;
using BorderAlertBot.Core.Items;

namespace BorderAlertBot.Core.Sources;

/// <summary>The outcome of vetting one URL: a readable feed with its items and verdicts, or why it is not one.</summary>
public sealed record SourceVetting
{
    public required Uri Url { get; init; }
    /// <summary>Why the URL is not a usable feed, in words a person understands; null when it is one.</summary>
    public string? Error { get; init; }
    public string Title { get; init; } = "";
    /// <summary>The website the feed belongs to, when it says.</summary>
    public Uri? SiteUrl { get; init; }
    /// <summary>Set when every redirect was permanent: the feed's address to keep.</summary>
    public Uri? MovedTo { get; init; }
    public IReadOnlyList<VettedItem> Items { get; init; } = [];

    public bool Ok => Error is null;

    public static SourceVetting Failed(Uri url, string error) => new() { Url = url, Error = error };
}

/// <summary>One item of a vetted feed with the detector's verdict.</summary>
public sealed record VettedItem(NewsItem Item, Detection.Detection Verdict);
