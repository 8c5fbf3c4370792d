using System.Globalization;
using System.Text;
using BorderAlertBot.Core.Alerts;

namespace BorderAlertBot.Core.Stories;

/// <summary>
/// The whole event as /story shows it: every report with outlet, language, time and link; the updates
/// with what changed; the related stories (a ceasefire after a clash).
/// </summary>
public static class StoryReport
{
    public static string Format(StoryState story, IReadOnlyList<Alert> alerts, IReadOnlyList<StoryState> related)
    {
        var first = alerts.FirstOrDefault(a => !a.IsUpdate);
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"Story {story.Id}: {first?.Headline ?? story.Headline}\n");
        sb.Append(CultureInfo.InvariantCulture, $"Severity {story.Severity} · {string.Join(", ", story.Categories)} · {Alert.ConfirmationOf(story.Sources)}");
        if (story.Status is { } status) sb.Append(" · ").Append(status);
        sb.Append(CultureInfo.InvariantCulture, $"\nReports ({story.Sources.Count}):");
        foreach (var s in story.Sources.OrderBy(s => s.PublishedUtc ?? DateTimeOffset.MaxValue))
        {
            sb.Append("\n• ").Append(s.PublishedUtc is { } p ? p.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) : "time unknown");
            sb.Append(" · ").Append(s.Name);
            if (s.Language.Length > 0) sb.Append(" · ").Append(s.Language);
            if (s.Url is not null) sb.Append(" · ").Append(s.Url);
        }
        var updates = alerts.Where(a => a.IsUpdate).ToList();
        if (updates.Count > 0)
        {
            sb.Append("\nUpdates:");
            foreach (var u in updates)
                sb.Append(CultureInfo.InvariantCulture, $"\n• {u.PublishedUtc ?? u.CreatedUtc:yyyy-MM-dd HH:mm} UTC: {u.Change} ({(u.Sources.Count > 0 ? u.Sources[^1].Name : null) ?? "?"})");
        }
        if (related.Count > 0)
        {
            sb.Append("\nRelated stories:");
            foreach (var r in related)
                sb.Append(CultureInfo.InvariantCulture, $"\n• {r.Id}: {r.Headline} ({r.FirstSeenUtc:yyyy-MM-dd})");
        }
        return sb.ToString();
    }
}
