using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using BorderAlertBot.Core.Alerts;
using BorderAlertBot.Core.Reports;
using BorderAlertBot.Core.Storage;
using BorderAlertBot.Web.Feeds;
using BorderAlertBot.Core.Feeds;

namespace BorderAlertBot.Web.Page;

/// <summary>
/// The status page, rendered on the server: map (inline SVG), trend (PNG with a data table beside it),
/// latest stories with their sources, feed health. No script, no inline style (the CSP forbids both);
/// every piece of feed text is HTML-escaped; nothing personal (no chats, users, subscriptions).
/// </summary>
public static class StatusPage
{
    private static readonly HtmlEncoder Html = HtmlEncoder.Default;

    /// <param name="AssetBase">"/" when served; "" when written to files beside site.css and trend.png.</param>
    public sealed record Model(IncidentReport Report, string MapSvg, IReadOnlyList<FeedState> Feeds, bool ShowFeedDetail, DateTimeOffset Now, string AssetBase = "/");

    /// <summary>The page's stylesheet (embedded in this assembly).</summary>
    public static byte[] StyleSheet()
    {
        using var css = typeof(StatusPage).Assembly.GetManifestResourceStream("site.css") ?? throw new InvalidOperationException("site.css is not embedded");
        using var buffer = new MemoryStream();
        css.CopyTo(buffer);
        return buffer.ToArray();
    }

    public static string Render(Model m)
    {
        var r = m.Report;
        var ci = CultureInfo.InvariantCulture;
        var sb = new StringBuilder(32_768);
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        sb.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        sb.Append("<title>Kyrgyz–Tajik border alerts — status</title>\n");
        sb.Append(ci, $"<link rel=\"stylesheet\" href=\"{m.AssetBase}site.css\">\n<link rel=\"icon\" type=\"image/svg+xml\" href=\"{m.AssetBase}favicon.svg\">\n");
        sb.Append("<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Border alerts (Atom)\" href=\"/alerts.atom\">\n");
        sb.Append("<link rel=\"alternate\" type=\"application/feed+json\" title=\"Border alerts (JSON Feed)\" href=\"/alerts.json\">\n");
        sb.Append("</head>\n<body>\n<a class=\"skip\" href=\"#stories\">Skip to the latest stories</a>\n");
        sb.Append("<header><h1>Kyrgyz–Tajik border alerts</h1>\n");
        sb.Append(ci, $"<p>{r.Incidents.Count} incident{(r.Incidents.Count == 1 ? "" : "s")} in the last {r.Days} days · updated {E(Alert.LocalTimes(m.Now))}</p></header>\n<main>\n");

        sb.Append("<section aria-labelledby=\"map-heading\"><h2 id=\"map-heading\">Map</h2>\n<figure class=\"map\">");
        sb.Append(m.MapSvg);
        sb.Append("<figcaption>Markers: size by the most severe incident at the place, colour by category. The border line is schematic and approximate; places outside the Batken–Sughd sector are listed below but not drawn.</figcaption></figure></section>\n");

        AppendTrend(sb, r, m.AssetBase.Length > 0 ? $"/trend.png?days={r.Days}" : "trend.png");
        AppendStories(sb, r);
        AppendFeeds(sb, m);

        sb.Append("</main>\n<footer><p>Follow these alerts in a feed reader: <a href=\"/alerts.atom\">Atom</a> · <a href=\"/alerts.json\">JSON Feed</a> · for scripts: <a href=\"/api/alerts\">/api/alerts</a>.</p>");
        sb.Append("<p>Times are Bishkek (UTC+6) and Dushanbe (UTC+5).</p></footer>\n</body>\n</html>\n");
        return sb.ToString();
    }

    private static void AppendTrend(StringBuilder sb, IncidentReport r, string src)
    {
        var ci = CultureInfo.InvariantCulture;
        var days = r.PerDay();
        var busiest = days.OrderByDescending(d => d.Total).ThenByDescending(d => d.Day).FirstOrDefault();
        string alt = busiest is null || busiest.Total == 0
            ? $"Bar chart of incidents per day over the last {r.Days} days: none."
            : string.Create(ci, $"Bar chart of incidents per day over the last {r.Days} days, stacked by severity: {r.Incidents.Count} in all, most on {busiest.Day:MMMM d} ({busiest.Total}). The table below has the numbers.");
        sb.Append("<section aria-labelledby=\"trend-heading\"><h2 id=\"trend-heading\">Trend</h2>\n<figure class=\"trend\">");
        sb.Append(ci, $"<img id=\"trend-chart\" src=\"{E(src)}\" width=\"900\" height=\"360\" alt=\"{E(alt)}\">");
        sb.Append("<figcaption><details><summary>Incidents per day as a table</summary>\n<table><caption>Incidents per day by severity</caption>");
        sb.Append("<thead><tr><th scope=\"col\">Day</th><th scope=\"col\">Severity 1</th><th scope=\"col\">2</th><th scope=\"col\">3</th><th scope=\"col\">4</th><th scope=\"col\">5</th><th scope=\"col\">Total</th></tr></thead><tbody>");
        foreach (var d in days.Where(d => d.Total > 0))
        {
            sb.Append(ci, $"<tr><th scope=\"row\">{d.Day:yyyy-MM-dd}</th>");
            foreach (int n in d.BySeverity) sb.Append(ci, $"<td>{n}</td>");
            sb.Append(ci, $"<td>{d.Total}</td></tr>");
        }
        sb.Append("</tbody></table></details></figcaption></figure></section>\n");
    }

    private static void AppendStories(StringBuilder sb, IncidentReport r)
    {
        var ci = CultureInfo.InvariantCulture;
        sb.Append("<section id=\"stories\" aria-labelledby=\"stories-heading\"><h2 id=\"stories-heading\">Latest stories</h2>\n");
        if (r.Incidents.Count == 0)
        {
            sb.Append("<p>No border incidents were reported in this period.</p></section>\n");
            return;
        }
        sb.Append("<ol class=\"stories\">\n");
        foreach (var i in r.Incidents.Take(50))
        {
            sb.Append(ci, $"<li class=\"story\" id=\"story-{E(i.StoryId)}\" data-severity=\"{i.Severity}\"><article>");
            sb.Append(ci, $"<h3>{E(i.Headline)}</h3>");
            sb.Append(ci, $"<p class=\"meta\"><span class=\"sev sev{Math.Clamp(i.Severity, 1, 5)}\">severity {i.Severity}/5</span> {E(IncidentText.Category(i.Category))} · {E(i.Confirmation)} · <time datetime=\"{i.OccurredUtc.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}\">{E(Alert.LocalTimes(i.OccurredUtc))}</time></p>");
            if (i.Summary.Length > 0) sb.Append(ci, $"<p>{E(i.Summary)}</p>");
            if (i.LatestChange is { Length: > 0 } change) sb.Append(ci, $"<p><strong>Latest:</strong> {E(change)}</p>");
            sb.Append(ci, $"<p class=\"places\">Places: {E(IncidentText.Places(i))}</p>");
            sb.Append("<p class=\"sources\">Sources: ");
            sb.AppendJoin(", ", i.Sources.Select(s => SafeLink(s.Url) is { } url
                ? $"<a href=\"{E(url)}\" rel=\"nofollow noopener noreferrer\">{E(s.Name)}</a>"
                : E(s.Name)));
            sb.Append("</p></article></li>\n");
        }
        sb.Append("</ol></section>\n");
    }

    private static void AppendFeeds(StringBuilder sb, Model m)
    {
        var ci = CultureInfo.InvariantCulture;
        var feeds = m.Feeds;
        int active = feeds.Count(f => f.Active), failing = feeds.Count(f => f.Active && f.ConsecutiveFailures > 0),
            stale = feeds.Count(f => f.Active && f.Stale), inactive = feeds.Count(f => !f.Active);
        sb.Append("<section aria-labelledby=\"feeds-heading\"><h2 id=\"feeds-heading\">Feed health</h2>\n");
        sb.Append(ci, $"<ul class=\"feed-counts\"><li>{active} active</li><li>{failing} failing</li><li>{stale} stale</li><li>{inactive} switched off</li></ul>\n");
        if (m.ShowFeedDetail && feeds.Count > 0)
        {
            sb.Append("<table class=\"feeds\"><caption>Feeds</caption><thead><tr><th scope=\"col\">Feed</th><th scope=\"col\">State</th><th scope=\"col\">Last success (UTC)</th><th scope=\"col\">Last error</th></tr></thead><tbody>");
            foreach (var f in feeds.OrderBy(f => f.Name, StringComparer.OrdinalIgnoreCase))
            {
                string state = !f.Active ? "switched off" : f.ConsecutiveFailures > 0 ? $"failing ({f.ConsecutiveFailures})" : f.Stale ? "stale" : "ok";
                sb.Append(ci, $"<tr><th scope=\"row\">{E(f.Name)}</th><td>{E(state)}</td><td>{(f.LastSuccessUtc is { } s ? s.UtcDateTime.ToString("yyyy-MM-dd HH:mm", ci) : "never")}</td><td>{E(f.LastError ?? "")}</td></tr>");
            }
            sb.Append("</tbody></table>\n");
        }
        sb.Append("</section>\n");
    }

    /// <summary>Only http(s) links are rendered as links (never javascript: or data:).</summary>
    private static string? SafeLink(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttp || u.Scheme == Uri.UriSchemeHttps) ? u.AbsoluteUri : null;

    private static string E(string text) => Html.Encode(text);
}
