namespace BorderAlertBot.Feeds.Opml;

/// <summary>One feed in an OPML file: its address, title, website, language and the folders it sits in.</summary>
public sealed record OpmlOutline(string XmlUrl, string Title, string? HtmlUrl, string? Language, IReadOnlyList<string> Folders);
