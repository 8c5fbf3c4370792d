using BorderAlertBot.Core.Alerts;

namespace BorderAlertBot.Core.Stories;

public sealed class StoryOptions
{
    public const string Section = "BorderAlert:Stories";

    /// <summary>How long after a story's latest report another report may still join it.</summary>
    [System.ComponentModel.DataAnnotations.Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan JoinWindow { get; set; } = TimeSpan.FromHours(48);
    /// <summary>At most one update alert per story in this window, unless severity rises.</summary>
    [System.ComponentModel.DataAnnotations.Range(typeof(TimeSpan), "00:00:00", "7.00:00:00")]
    public TimeSpan UpdateInterval { get; set; } = TimeSpan.FromMinutes(30);
    /// <summary>MinHash similarity at which two reports are the same wording.</summary>
    [System.ComponentModel.DataAnnotations.Range(0.0, 1.0)]
    public double SameTextSimilarity { get; set; } = 0.5;
    /// <summary>Lower similarity that, with a shared district-level place, still means the same event.</summary>
    [System.ComponentModel.DataAnnotations.Range(0.0, 1.0)]
    public double RelatedTextSimilarity { get; set; } = 0.12;
}

/// <summary>What the tracker decided for one relevant item.</summary>
public sealed record StoryDecision(StoryState Story, bool IsNew, bool IsUpdate, string? Change);

/// <summary>
/// Groups reports of one event across outlets and languages. A relevant report joins the recent story
/// (latest report within <see cref="StoryOptions.JoinWindow"/>) that scores best, when:
///  (a) they share a core border place (village, enclave, checkpoint, water facility); or, unless each
///      names border villages and none in common (then they are different events),
///  (b) their MinHash similarity is ≥ <see cref="StoryOptions.SameTextSimilarity"/> (same wording); or
///  (c) they share any place and either their similarity is ≥ <see cref="StoryOptions.RelatedTextSimilarity"/>
///      or they report the same death toll.
/// A joined report makes an update only when it changes what readers need to know: higher severity,
/// a new killed/wounded/evacuated figure, a new category, or a new core place; at most one update per
/// <see cref="StoryOptions.UpdateInterval"/> unless severity rises. Times are the reports' own times, so
/// processing a sequence in one run or several gives the same stories.
/// </summary>
public sealed class StoryTracker(StoryOptions options)
{
    public const int MaxSources = 100;

    public StoryDecision Track(StoryCandidate report, IReadOnlyList<StoryState> recent)
    {
        uint[] signature = MinHash.Signature(report.Text);
        StoryState? best = null;
        double bestScore = 0;
        foreach (var story in recent)
        {
            if (report.EventUtc - story.LastReportUtc > options.JoinWindow || story.LastReportUtc - report.EventUtc > options.JoinWindow) continue;
            double similarity = MinHash.Similarity(signature, MinHash.Decode(story.Signature));
            bool sharedCore = report.CorePlaceIds.Intersect(story.CorePlaceIds).Any();
            bool sharedPlace = report.PlaceIds.Intersect(story.PlaceIds).Any();
            bool sameToll = report.Figures.Killed is { } k && k == story.Figures.Killed;
            // Reports that name different border villages and none in common are different events,
            // however alike their wording ("… on the Kyrgyz–Tajik border").
            bool otherVillages = !sharedCore && report.CorePlaceIds.Count > 0 && story.CorePlaceIds.Count > 0;
            bool joins = sharedCore || (!otherVillages && (similarity >= options.SameTextSimilarity
                || (sharedPlace && (similarity >= options.RelatedTextSimilarity || sameToll))));
            if (!joins) continue;
            double score = similarity + (sharedCore ? 1 : 0) + (sharedPlace ? 0.5 : 0);
            if (score > bestScore) { best = story; bestScore = score; }
        }

        if (best is null)
        {
            var story = new StoryState
            {
                Id = report.StoryId,
                FirstAlertId = report.AlertId,
                FirstSeenUtc = report.EventUtc,
                LastReportUtc = report.EventUtc,
                Severity = report.Severity,
                Categories = [report.Category],
                PlaceIds = report.PlaceIds,
                CorePlaceIds = report.CorePlaceIds,
                Signature = MinHash.Encode(signature),
                Figures = report.Figures,
                Sources = [report.Source],
                Headline = report.Headline,
            };
            return new StoryDecision(story, IsNew: true, IsUpdate: false, Change: null);
        }

        // A story lists every source, up to a bound that keeps its row small however widely it is copied.
        var sources = best.Sources.Any(s => s.Url == report.Source.Url && s.FeedId == report.Source.FeedId) || best.Sources.Count >= MaxSources
            ? best.Sources : [.. best.Sources, report.Source];
        var changes = Changes(best, report);
        bool severityRises = report.Severity > best.Severity;
        bool allowed = changes.Count > 0 && (severityRises || best.LastUpdateUtc is null
            || report.EventUtc - best.LastUpdateUtc.Value >= options.UpdateInterval);
        var lastReport = report.EventUtc > best.LastReportUtc ? report.EventUtc : best.LastReportUtc;
        if (!allowed)
        {
            return new StoryDecision(best with { Sources = sources, LastReportUtc = lastReport }, IsNew: false, IsUpdate: false, Change: null);
        }
        var updated = best with
        {
            Sources = sources,
            LastReportUtc = lastReport,
            LastUpdateUtc = report.EventUtc,
            Severity = Math.Max(best.Severity, report.Severity),
            Categories = best.Categories.Contains(report.Category) ? best.Categories : [.. best.Categories, report.Category],
            PlaceIds = best.PlaceIds.Union(report.PlaceIds).ToArray(),
            CorePlaceIds = best.CorePlaceIds.Union(report.CorePlaceIds).ToArray(),
            Figures = new Casualties(
                Max(best.Figures.Killed, report.Figures.Killed),
                Max(best.Figures.Wounded, report.Figures.Wounded),
                Max(best.Figures.Evacuated, report.Figures.Evacuated)),
            UpdateCount = best.UpdateCount + 1,
        };
        return new StoryDecision(updated, IsNew: false, IsUpdate: true, Change: string.Join("; ", changes));
    }

    private static List<string> Changes(StoryState story, StoryCandidate report)
    {
        var changes = new List<string>();
        if (report.Figures.Killed is { } killed && killed > (story.Figures.Killed ?? 0))
            changes.Add(story.Figures.Killed is null ? $"{killed} killed" : $"Death toll rises to {killed}");
        if (report.Figures.Wounded is { } wounded && wounded > (story.Figures.Wounded ?? 0))
            changes.Add(story.Figures.Wounded is null ? $"{wounded} wounded" : $"Wounded rise to {wounded}");
        if (report.Figures.Evacuated is { } evacuated && evacuated > (story.Figures.Evacuated ?? 0))
            changes.Add($"{evacuated:N0} evacuated");
        if (report.Severity > story.Severity) changes.Add($"Severity raised to {report.Severity}");
        // Outlets label one clash differently; only a change of phase is news (a ceasefire or evacuation
        // after a clash, a clash after talks).
        if (!story.Categories.Contains(report.Category) && report.Category is "armed_clash" or "humanitarian" or "diplomacy")
            changes.Add($"Now also {report.Category.Replace('_', ' ')}");
        var newPlaces = report.CorePlaceNames.Where((_, i) => !story.CorePlaceIds.Contains(report.CorePlaceIds[i])).ToList();
        if (newPlaces.Count > 0) changes.Add($"Reported also at {string.Join(", ", newPlaces)}");
        return changes;
    }

    private static int? Max(int? a, int? b) => a is null ? b : b is null ? a : Math.Max(a.Value, b.Value);
}

/// <summary>A relevant report as the tracker sees it.</summary>
public sealed record StoryCandidate
{
    public required string AlertId { get; init; }
    public required string StoryId { get; init; }
    public required DateTimeOffset EventUtc { get; init; }
    public required string Text { get; init; }
    public required string Headline { get; init; }
    public required int Severity { get; init; }
    public required string Category { get; init; }
    public required IReadOnlyList<string> PlaceIds { get; init; }
    public required IReadOnlyList<string> CorePlaceIds { get; init; }
    public required IReadOnlyList<string> CorePlaceNames { get; init; }
    public required Casualties Figures { get; init; }
    public required AlertSource Source { get; init; }
}
