using System.Globalization;

namespace BorderAlertBot.Core.Reports;

/// <summary>
/// A report in three plain lines, the same wherever pictures go (captions, the weekly digest): the most
/// severe event, the number of incidents, the places most reported.
/// </summary>
public static class IncidentSummary
{
    /// <summary>A headline longer than this is cut, so all three lines fit a photo caption (Telegram: 1024 characters).</summary>
    public const int MaxHeadline = 200;

    public static IReadOnlyList<string> Lines(IncidentReport report, int places = 3)
    {
        var worst = report.Incidents.OrderByDescending(i => i.Severity).ThenByDescending(i => i.OccurredUtc).FirstOrDefault();
        var top = report.PlaceCounts().Take(places).Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Place.Name} ({p.Incidents})")).ToList();
        return
        [
            worst is null ? "Most severe: none." : string.Create(CultureInfo.InvariantCulture,
                $"Most severe: severity {worst.Severity}, {Cut(worst.Headline)} ({report.LocalDay(worst.OccurredUtc):yyyy-MM-dd})."),
            string.Create(CultureInfo.InvariantCulture,
                $"Incidents: {report.Incidents.Count} from {report.LocalDay(report.FromUtc):yyyy-MM-dd} to {report.LocalDay(report.ToUtc):yyyy-MM-dd}."),
            top.Count == 0 ? "Places most reported: none named." : "Places most reported: " + string.Join(", ", top) + ".",
        ];
    }

    private static string Cut(string headline) =>
        headline.Length <= MaxHeadline ? headline : headline[..(char.IsHighSurrogate(headline[MaxHeadline - 2]) ? MaxHeadline - 2 : MaxHeadline - 1)].TrimEnd() + "…";
}
