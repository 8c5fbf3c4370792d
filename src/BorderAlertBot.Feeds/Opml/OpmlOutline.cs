namespace BorderAlertBot.Feeds.Opml;

/// <summary>One feed in an OPML file: its address, title, website, language, the folders it sits in, and the
/// region of a regional outlet (our own <c>region</c> attribute, which other readers ignore).</summary>
public sealed record OpmlOutline(string XmlUrl, string Title, string? HtmlUrl, string? Language, IReadOnlyList<string> Folders, string? Region = null);
