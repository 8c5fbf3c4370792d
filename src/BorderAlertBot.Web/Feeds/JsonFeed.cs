using System.Text.Json;
using System.Text.Json.Serialization;
using BorderAlertBot.Core.Reports;

namespace BorderAlertBot.Web.Feeds;

/// <summary>The bot's alerts as JSON Feed 1.1 (https://jsonfeed.org/version/1.1); the incident itself rides in the "_border_alert" extension.</summary>
public static class JsonFeed
{
    public const string ContentType = "application/feed+json; charset=utf-8";

    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
        // Served as JSON, never inlined into HTML: letters of every script stay readable; <, >, & are still escaped.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All),
    };

    public static byte[] Write(IncidentReport report, Uri siteUrl)
    {
        var feed = new Dictionary<string, object?>
        {
            ["version"] = "https://jsonfeed.org/version/1.1",
            ["title"] = "Kyrgyz–Tajik border alerts",
            ["home_page_url"] = siteUrl.AbsoluteUri,
            ["feed_url"] = new Uri(siteUrl, "alerts.json").AbsoluteUri,
            ["description"] = $"Border incidents found by BorderAlertBot in the last {report.Days} days",
            ["language"] = "en",
            ["items"] = report.Incidents.Select(i => Item(i, siteUrl)).ToList(),
        };
        return JsonSerializer.SerializeToUtf8Bytes(feed, Options);
    }

    private static Dictionary<string, object?> Item(Incident i, Uri siteUrl)
    {
        var primary = i.Sources.FirstOrDefault(s => Uri.TryCreate(s.Url, UriKind.Absolute, out _));
        return new Dictionary<string, object?>
        {
            ["id"] = AtomFeed.StoryUrn(i.StoryId),
            ["url"] = primary?.Url ?? new Uri(siteUrl, "#story-" + i.StoryId).AbsoluteUri,
            ["title"] = i.Headline,
            ["summary"] = i.Summary.Length > 0 ? i.Summary : i.Headline,
            ["content_text"] = IncidentText.Body(i),
            ["date_published"] = i.FirstAlertUtc,
            ["date_modified"] = i.UpdatedUtc,
            ["authors"] = i.Sources.Select(s => s.Name).Distinct(StringComparer.OrdinalIgnoreCase).Select(n => new Dictionary<string, string> { ["name"] = n }).ToList(),
            ["tags"] = new[] { i.Category, $"severity-{i.Severity}" }.Concat(i.Places.Select(p => p.Name)).ToList(),
            ["_border_alert"] = IncidentJson.From(i),
        };
    }
}
