using AngleSharp.Html.Parser;

namespace BorderAlertBot.Feeds.Parsing;

/// <summary>
/// Recognises a web page given where a feed was expected (the most common mistake when adding a source) and
/// finds the feeds it advertises with <c>&lt;link rel="alternate" type="application/rss+xml" href="…"&gt;</c>,
/// so the person can be told which address to use instead.
/// </summary>
public static class HtmlPage
{
    private static readonly string[] FeedTypes = ["application/rss+xml", "application/atom+xml", "application/feed+json", "application/json", "application/rdf+xml"];

    /// <summary>True when the text starts (after a BOM, whitespace, comments or an XML declaration) with a doctype html, &lt;html&gt;, &lt;head&gt; or &lt;body&gt;.</summary>
    public static bool Looks(string text)
    {
        var span = text.AsSpan().TrimStart("\uFEFF \t\r\n");
        // Skip what may come before the root: an XML declaration (XHTML) and comments.
        for (int guard = 0; guard < 16; guard++)
        {
            string? close = span.StartsWith("<!--", StringComparison.Ordinal) ? "-->" : span.StartsWith("<?", StringComparison.Ordinal) ? "?>" : null;
            if (close is null) break;
            int end = span.IndexOf(close, StringComparison.Ordinal);
            if (end < 0) return false;
            span = span[(end + close.Length)..].TrimStart(" \t\r\n");
        }
        return span.StartsWith("<!doctype html", StringComparison.OrdinalIgnoreCase)
            || span.StartsWith("<html", StringComparison.OrdinalIgnoreCase)
            || span.StartsWith("<head", StringComparison.OrdinalIgnoreCase)
            || span.StartsWith("<body", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The feed addresses the page advertises, absolute, each once, in page order.</summary>
    public static IReadOnlyList<Uri> AdvertisedFeeds(string html, Uri pageUrl)
    {
        var document = new HtmlParser().ParseDocument(html);
        var result = new List<Uri>();
        foreach (var link in document.QuerySelectorAll("link[href]"))
        {
            var rel = (link.GetAttribute("rel") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
            string type = (link.GetAttribute("type") ?? "").Trim().ToLowerInvariant();
            if (!rel.Contains("alternate", StringComparer.OrdinalIgnoreCase) || !FeedTypes.Contains(type)) continue;
            if (Uri.TryCreate(pageUrl, link.GetAttribute("href")!.Trim(), out var url) && url.Scheme is "http" or "https" && !result.Contains(url))
                result.Add(url);
        }
        return result;
    }

    /// <summary>The refusal a person reads: it is a page, and which feeds it points to, if any.</summary>
    public static string Refusal(string html, Uri pageUrl)
    {
        var feeds = AdvertisedFeeds(html, pageUrl);
        return feeds.Count == 0
            ? "this address is a web page (HTML), not an RSS, Atom or JSON feed, and the page advertises no feed; look for an RSS or Atom link on the site"
            : $"this address is a web page (HTML), not an RSS, Atom or JSON feed; the page advertises {(feeds.Count == 1 ? "this feed" : "these feeds")}: {string.Join(" ", feeds.Take(10))}";
    }
}
