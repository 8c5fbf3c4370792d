using BorderAlertBot.Core.Alerts;
using BorderAlertBot.Core.Storage;

namespace BorderAlertBot.Core.Reports;

/// <summary>Incidents per day, split by severity (1–5), for the trend chart.</summary>
public sealed record DayCounts(DateOnly Day, IReadOnlyList<int> BySeverity)
{
    public int Total => BySeverity.Sum();
}

/// <summary>
/// The incidents of a window of days, newest first, with the per-day counts: the one read model behind
/// the status page, the feeds, /api/alerts, the chat pictures and the weekly digest. Days are calendar
/// days in <see cref="Offset"/> (Bishkek, UTC+6, by default: the border's own clock, no daylight saving).
/// </summary>
public sealed record IncidentReport(DateTimeOffset FromUtc, DateTimeOffset ToUtc, TimeSpan Offset, IReadOnlyList<Incident> Incidents)
{
    public static readonly TimeSpan BishkekOffset = TimeSpan.FromHours(6);
    public const int MaxDays = 365;

    /// <summary>Reads the window's alerts and folds them into incidents. Filters are applied to the folded incident.</summary>
    public static async Task<IncidentReport> LoadAsync(IAlertReader reader, DateTimeOffset now, int days, CancellationToken cancellationToken,
        int minSeverity = 0, string? place = null, TimeSpan? offset = null)
    {
        days = Math.Clamp(days, 1, MaxDays);
        var tz = offset ?? BishkekOffset;
        var localToday = DateOnly.FromDateTime(now.ToOffset(tz).DateTime);
        var from = new DateTimeOffset(localToday.AddDays(1 - days).ToDateTime(TimeOnly.MinValue), tz).ToUniversalTime();
        var alerts = await reader.GetRecentAlertsAsync(from, 10_000, cancellationToken);
        var incidents = alerts.GroupBy(a => a.StoryId, StringComparer.Ordinal)
            .Select(g => Incident.FromAlerts(g.ToList()))
            .Where(i => i.Severity >= minSeverity && (string.IsNullOrWhiteSpace(place) || MentionsPlace(i, place.Trim())))
            .OrderByDescending(i => i.UpdatedUtc)
            .ThenBy(i => i.StoryId, StringComparer.Ordinal)
            .ToList();
        return new IncidentReport(from, now, tz, incidents);
    }

    private static bool MentionsPlace(Incident incident, string place) =>
        incident.Places.Any(p => p.Name.Equals(place, StringComparison.OrdinalIgnoreCase) || p.Id.Equals(place, StringComparison.OrdinalIgnoreCase));

    public int Days => LocalDay(ToUtc).DayNumber - LocalDay(FromUtc).DayNumber + 1;

    public DateOnly LocalDay(DateTimeOffset utc) => DateOnly.FromDateTime(utc.ToOffset(Offset).DateTime);

    /// <summary>One entry per day of the window (zeros included), oldest first; an incident counts on the day it occurred (first alert's day when older than the window).</summary>
    public IReadOnlyList<DayCounts> PerDay()
    {
        var first = LocalDay(FromUtc);
        var last = LocalDay(ToUtc);
        var counts = new Dictionary<DateOnly, int[]>();
        for (var d = first; d <= last; d = d.AddDays(1)) counts[d] = new int[5];
        foreach (var i in Incidents)
        {
            var day = LocalDay(i.OccurredUtc);
            if (day < first) day = LocalDay(i.FirstAlertUtc);
            if (counts.TryGetValue(day, out var row)) row[Math.Clamp(i.Severity, 1, 5) - 1]++;
        }
        return counts.OrderBy(kv => kv.Key).Select(kv => new DayCounts(kv.Key, kv.Value)).ToList();
    }

    /// <summary>Places by how many incidents name them, most first (ties by name).</summary>
    public IReadOnlyList<(AlertPlace Place, int Incidents)> PlaceCounts() =>
        Incidents.SelectMany(i => i.Places.Select(p => (Key: p.Id.Length > 0 ? p.Id : p.Name, Place: p)))
            .GroupBy(x => x.Key, StringComparer.OrdinalIgnoreCase)
            .Select(g => (g.First().Place, g.Count()))
            .OrderByDescending(x => x.Item2).ThenBy(x => x.Place.Name, StringComparer.Ordinal)
            .ToList();
}
