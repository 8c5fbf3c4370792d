using System.Globalization;
using BorderAlertBot.Core.Alerts;
using BorderAlertBot.Core.Reports;

namespace BorderAlertBot.Web.Feeds;

/// <summary>Plain-text pieces shared by the Atom and JSON feeds and the page.</summary>
public static class IncidentText
{
    public static string Places(Incident i) => i.Places.Count == 0 ? "no place named" : string.Join(", ", i.Places.Select(p => $"{p.Name} ({p.Side})"));

    public static string Category(string wire) => wire switch
    {
        "armed_clash" => "armed clash",
        "water_land" => "water and land",
        _ => wire.Replace('_', ' '),
    };

    /// <summary>The entry body: summary, then one line each for severity, places and sources.</summary>
    public static string Body(Incident i)
    {
        var lines = new List<string>();
        if (i.Summary.Length > 0) lines.Add(i.Summary);
        if (i.LatestChange is { Length: > 0 } change) lines.Add("Latest: " + change);
        lines.Add(string.Create(CultureInfo.InvariantCulture, $"Severity {i.Severity}/5 · {Category(i.Category)} · {i.Confirmation}"));
        lines.Add("Places: " + Places(i));
        lines.Add("Sources: " + string.Join("; ", i.Sources.Select(s => s.Url is null ? s.Name : $"{s.Name} {s.Url}")));
        lines.Add("Time: " + Alert.LocalTimes(i.OccurredUtc));
        return string.Join("\n", lines);
    }
}
