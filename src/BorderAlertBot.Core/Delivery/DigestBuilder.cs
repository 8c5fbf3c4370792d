using System.Text;
using BorderAlertBot.Core.Alerts;
using System.Globalization;

namespace BorderAlertBot.Core.Delivery;

/// <summary>Folds the alerts held for one channel (quiet hours, digest mode) into one alert-shaped message.</summary>
public static class DigestBuilder
{
    public const int MaxSummary = 3500;

    public static Alert Build(IReadOnlyList<Alert> alerts, DateTimeOffset now)
    {
        var ordered = alerts.OrderByDescending(a => a.Severity).ThenBy(a => a.PublishedUtc ?? a.CreatedUtc).ToList();
        var summary = new StringBuilder();
        foreach (var a in ordered)
        {
            string line = $"• [{a.Severity}] {a.Headline}" + (a.PrimaryUrl is { } url ? $" — {url}" : "") + "\n";
            if (summary.Length + line.Length > MaxSummary) { summary.Append(CultureInfo.InvariantCulture, $"… and {ordered.Count - ordered.IndexOf(a)} more"); break; }
            summary.Append(line);
        }
        var first = ordered[0];
        return new Alert
        {
            Id = "digest-" + string.Join('-', ordered.Select(a => a.Id).Order(StringComparer.Ordinal).Take(3)),
            StoryId = first.StoryId,
            Headline = ordered.Count == 1 ? first.Headline : $"Digest: {ordered.Count} border alerts",
            Summary = summary.ToString().TrimEnd(),
            Severity = first.Severity,
            Category = first.Category,
            Places = ordered.SelectMany(a => a.Places).DistinctBy(p => p.Name).ToArray(),
            Sources = ordered.SelectMany(a => a.Sources).DistinctBy(s => s.Url ?? s.Name).ToArray(),
            PublishedUtc = ordered.Max(a => a.PublishedUtc),
            CreatedUtc = now,
        };
    }
}
