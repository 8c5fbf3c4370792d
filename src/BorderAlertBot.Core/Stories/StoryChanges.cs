using BorderAlertBot.Core.Detection;

namespace BorderAlertBot.Core.Stories;

/// <summary>
/// What a joined report changes in what readers were told: a higher toll, an evacuation, a new place for a
/// clash or incident (not one facing a place already reported), a change of phase (ceasefire, ceasefire broken, forces withdrawn,
/// escalation to an armed clash), a higher severity. Outlets label one event differently; only these are news.
/// </summary>
/// <param name="Revisions">Changes that only revise a figure already announced (a toll rising again): these are rate-limited.</param>
public sealed record StoryChanges(IReadOnlyList<string> Items, string? Status, int Revisions)
{
    /// <summary>Something readers have not been told at all: a first figure, an evacuation, a new place, a new status.</summary>
    public bool AnyFirst => Items.Count > Revisions;
    public int Count => Items.Count;
    public bool StatusChanged => Status is not null;
    public string? Text => Items.Count == 0 ? null : string.Join("; ", Items);

    public static StoryChanges Between(StoryState story, StoryCandidate report, PlaceGraph places)
    {
        var items = new List<string>();
        int revisions = 0;
        var told = story.Figures;
        if (told.Killed is { } k0 && report.Figures.Killed > k0) revisions++;
        if (told.Wounded is { } w0 && report.Figures.Wounded > w0) revisions++;
        if (told.Evacuated is { } e0 && report.Figures.Evacuated > e0) revisions++;
        if (report.Figures.Killed is { } killed && killed > (told.Killed ?? 0))
            items.Add(told.Killed is null ? $"{killed} killed" : $"Death toll rises to {killed}");
        if (report.Figures.Wounded is { } wounded && wounded > (told.Wounded ?? 0))
            items.Add(told.Wounded is null ? $"{wounded} wounded" : $"Wounded rise to {wounded}");
        if (report.Figures.Evacuated is { } evacuated && evacuated > (told.Evacuated ?? 0))
            items.Add($"{evacuated:N0} evacuated");
        else if (report.Acts.Any(a => a is "evacuation" or "mass-evacuation") && !story.Acts.Any(a => a is "evacuation" or "mass-evacuation") && told.Evacuated is null)
            items.Add("Residents evacuated");

        string? status = report.Status;
        if (status is null && EventWindows.Parse(report.Category) == Category.ArmedClash && !story.Categories.Contains(Category.ArmedClash.ToWire()))
            status = StoryStatus.Escalated;
        // A ceasefire or withdrawal is a change of phase only for a story that was a clash or incident.
        if (status is StoryStatus.Ceasefire or StoryStatus.Withdrawn && !EventWindows.IsHostile(EventWindows.Parse(story.Categories.Count > 0 ? story.Categories[0] : null)))
            status = null;
        if (status is not null && status != story.Status) items.Add(StoryStatus.Describe(status));
        else status = null;

        // A clash spreading to another village is news; the places a resettlement or a treaty names are not.
        var known = places.WithNeighbours(places.Localities(story.PlaceIds));
        bool spreads = EventWindows.IsHostile(EventWindows.Parse(story.Categories.Count > 0 ? story.Categories[0] : null));
        var newPlaces = report.PlaceIds.Select((id, i) => (Id: places.Identity(id), Name: i < report.PlaceNames.Count ? report.PlaceNames[i] : id))
            .Where(p => spreads && !places.IsArea(p.Id) && !known.Contains(p.Id)).Select(p => p.Name).Distinct().ToList();
        if (newPlaces.Count > 0) items.Add($"Reported also at {string.Join(", ", newPlaces)}");

        if (report.Severity > story.Severity) items.Add($"Severity raised to {report.Severity}");
        return new StoryChanges(items, status, revisions);
    }
}
