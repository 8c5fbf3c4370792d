using System.Globalization;
using System.Text;
using BorderAlertBot.Core.Alerts;

namespace BorderAlertBot.Sinks;

/// <summary>A readable plain-text block for one alert (console, logs, command replies).</summary>
public static class AlertText
{
    public static string Format(Alert a)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"== [severity {a.Severity} · {a.Category.Replace('_', ' ')}] {a.Headline}").AppendLine();
        if (a.IsUpdate && a.Change is not null) sb.Append("UPDATE: ").AppendLine(a.Change);
        if (a.Summary.Length > 0) sb.AppendLine(a.Summary);
        if (a.Places.Count > 0)
            sb.Append("Places: ").AppendLine(string.Join("; ", a.Places.Select(p => $"{p.Name} ({p.Side}) {p.MapUrl}")));
        if (a.Actors.Count > 0) sb.Append("Actors: ").AppendLine(string.Join(", ", a.Actors));
        sb.Append("Sources (").Append(a.Confirmation).Append("): ")
          .AppendLine(string.Join("; ", a.Sources.DistinctBy(s => s.Url ?? s.Name).Select(s => s.Url is null ? s.Name : $"{s.Name} {s.Url}"))); // one article carried by two feeds is one link
        var when = a.PublishedUtc ?? a.CreatedUtc;
        sb.Append(CultureInfo.InvariantCulture, $"Published: {when:yyyy-MM-dd HH:mm} UTC ({Alert.LocalTimes(when)})").AppendLine();
        sb.Append(CultureInfo.InvariantCulture, $"Story {a.StoryId} · alert {a.Id}").AppendLine();
        return sb.ToString();
    }
}
