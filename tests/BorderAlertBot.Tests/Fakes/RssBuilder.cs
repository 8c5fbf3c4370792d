using System.Security;
using System.Text;

namespace BorderAlertBot.Tests.Fakes;

/// <summary>Writes small RSS 2.0 documents for tests.</summary>
public static class RssBuilder
{
    public sealed record Item(string Guid, string Title, string Description = "", string? Link = null, DateTimeOffset? Published = null);

    public static string Build(string title, IEnumerable<Item> items)
    {
        var sb = new StringBuilder();
        sb.Append("<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel>");
        sb.Append("<title>").Append(SecurityElement.Escape(title)).Append("</title><link>https://news.example/</link>");
        foreach (var i in items)
        {
            sb.Append("<item><guid isPermaLink=\"false\">").Append(SecurityElement.Escape(i.Guid)).Append("</guid>");
            sb.Append("<title>").Append(SecurityElement.Escape(i.Title)).Append("</title>");
            sb.Append("<link>").Append(SecurityElement.Escape(i.Link ?? "https://news.example/" + i.Guid)).Append("</link>");
            if (i.Description.Length > 0) sb.Append("<description>").Append(SecurityElement.Escape(i.Description)).Append("</description>");
            if (i.Published is { } p) sb.Append("<pubDate>").Append(p.ToString("r")).Append("</pubDate>");
            sb.Append("</item>");
        }
        sb.Append("</channel></rss>");
        return sb.ToString();
    }
}
