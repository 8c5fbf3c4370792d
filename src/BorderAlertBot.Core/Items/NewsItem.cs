namespace BorderAlertBot.Core.Items;

/// <summary>
/// One entry of a feed, as plain text. <see cref="Key"/> is its stable identity within the feed (guid,
/// else canonical link, else a content hash); <see cref="LinkKey"/> and <see cref="TitleKey"/> catch feeds
/// that regenerate guids.
/// </summary>
public sealed record NewsItem
{
    public required string FeedId { get; init; }
    public required string Key { get; init; }
    public string? Link { get; init; }
    public required string Title { get; init; }
    public string Summary { get; init; } = "";
    public string Content { get; init; } = "";
    /// <summary>UTC; null when the feed gave no usable date.</summary>
    public DateTimeOffset? PublishedUtc { get; init; }
    public string Language { get; init; } = "";
    public string SourceName { get; init; } = "";

    public string LinkKey => ItemKeys.LinkKey(Link);
    public string TitleKey => ItemKeys.TitleKey(Title);
}
