using BorderAlertBot.Core.Alerts;

namespace BorderAlertBot.Core.Reports;

/// <summary>
/// One story as readers see it now: the latest alert's headline, summary, severity and sources, with
/// when it was first told and when it last changed. What the status page, the bot's own feeds, /trend,
/// /map and the weekly digest show; nothing in it says who was told (no chats, no subscriptions).
/// </summary>
public sealed record Incident
{
    public required string StoryId { get; init; }
    public required string Headline { get; init; }
    public required string Summary { get; init; }
    public required int Severity { get; init; }
    public required string Category { get; init; }
    public required IReadOnlyList<AlertPlace> Places { get; init; }
    public required IReadOnlyList<AlertSource> Sources { get; init; }
    /// <summary>Event time: the first report's published time, else when the bot first saw it.</summary>
    public required DateTimeOffset OccurredUtc { get; init; }
    public required DateTimeOffset FirstAlertUtc { get; init; }
    /// <summary>When the latest alert (first report or update) was created.</summary>
    public required DateTimeOffset UpdatedUtc { get; init; }
    public int Updates { get; init; }
    public string? LatestChange { get; init; }

    public string Confirmation => Sources.Select(s => s.Name).Distinct(StringComparer.OrdinalIgnoreCase).Count() is var n && n > 1
        ? $"confirmed by {n} outlets" : "single source";

    /// <summary>Folds a story's alerts (any order) into one incident: the latest alert wins, sources accumulate.</summary>
    public static Incident FromAlerts(IReadOnlyList<Alert> storyAlerts)
    {
        var ordered = storyAlerts.OrderBy(a => a.CreatedUtc).ThenBy(a => a.Id, StringComparer.Ordinal).ToList();
        var first = ordered[0];
        var last = ordered[^1];
        var sources = ordered.SelectMany(a => a.Sources)
            .DistinctBy(s => (s.Name.ToUpperInvariant(), s.Url))
            .ToList();
        return new Incident
        {
            StoryId = first.StoryId,
            Headline = last.Headline,
            Summary = last.Summary,
            Severity = ordered.Max(a => a.Severity),
            Category = last.Category,
            Places = ordered.SelectMany(a => a.Places).DistinctBy(p => p.Id.Length > 0 ? p.Id : p.Name).ToList(),
            Sources = sources,
            OccurredUtc = first.PublishedUtc is { } p && p <= first.CreatedUtc ? p : first.CreatedUtc,
            FirstAlertUtc = first.CreatedUtc,
            UpdatedUtc = last.CreatedUtc,
            Updates = ordered.Count(a => a.IsUpdate),
            LatestChange = ordered.LastOrDefault(a => a.IsUpdate)?.Change,
        };
    }
}
