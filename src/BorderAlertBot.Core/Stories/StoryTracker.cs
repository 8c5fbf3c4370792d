using BorderAlertBot.Core.Alerts;
using BorderAlertBot.Core.Detection;

namespace BorderAlertBot.Core.Stories;

/// <summary>What the tracker decided for one relevant item.</summary>
public sealed record StoryDecision(StoryState Story, bool IsNew, bool IsUpdate, string? Change);

/// <summary>
/// Groups reports of one event across outlets, languages and days by what happened where, not by wording.
/// A relevant report joins the open story (<see cref="EventWindows"/>: hours for a clash, days for talks)
/// that scores best, when:
///  (a) they name the same place of any tier, by gazetteer id (any spelling, script or case form), or
///      places facing each other across the line (Kok-Tash ↔ Khoja-Alo); or, unless each names villages
///      and none in common or facing (then they are different events),
///  (b) they lie in the same district, region or border sector and report the same casualty figure, the
///      same specific act (stone-throwing, mortar fire…) or related wording; or
///  (c) neither names any place and they report the same specific act (talks on delimitation); or
///  (d) their wording is the same (MinHash ≥ <see cref="StoryOptions.SameTextSimilarity"/>).
/// Wording similarity otherwise only breaks ties. A new story names as related the recent stories at the
/// same place (a ceasefire after a clash). A joined report makes an update only when it changes what
/// readers need to know (<see cref="StoryChanges"/>); at most one per <see cref="StoryOptions.UpdateInterval"/>
/// when it only revises a figure already announced (the toll rising again). Times are the reports' own, so one run or several give
/// the same stories.
/// </summary>
public sealed class StoryTracker(StoryOptions options, PlaceGraph places)
{
    public const int MaxSources = 100;
    private const int MaxRelated = 3;

    public StoryDecision Track(StoryCandidate report, IReadOnlyList<StoryState> recent)
    {
        uint[] signature = MinHash.Signature(report.Text);
        var reportPlaces = new PlaceSet(places, report.PlaceIds);
        var kind = EventWindows.Parse(report.Category);
        StoryState? best = null;
        double bestScore = 0;
        foreach (var story in recent)
        {
            // A follow-up carries the aftermath: the people affected, or a toll revised upwards.
            bool followUp = kind == Category.Humanitarian || report.Figures.Killed > story.Figures.Killed;
            var window = EventWindows.Window(EventWindows.Parse(story.Categories.Count > 0 ? story.Categories[0] : null), kind, followUp, options);
            if (report.EventUtc - story.LastReportUtc > window || story.FirstSeenUtc - report.EventUtc > window) continue;
            var storyPlaces = new PlaceSet(places, story.PlaceIds);
            bool samePlace = reportPlaces.Meets(storyPlaces);
            // Reports that name different villages and none in common or facing are different events,
            // however alike their wording ("… on the Kyrgyz–Tajik border").
            if (!samePlace && reportPlaces.Localities.Count > 0 && storyPlaces.Localities.Count > 0) continue;
            double similarity = MinHash.Similarity(signature, MinHash.Decode(story.Signature));
            bool sameFigure = (report.Figures.Killed is { } k && k == story.Figures.Killed) || (report.Figures.Wounded is { } w && w == story.Figures.Wounded);
            bool sameAct = report.Acts.Intersect(story.Acts).Any(SpecificActs.IsSpecific);
            int sharedAreas = reportPlaces.Areas.Count(storyPlaces.Areas.Contains); // district, sector and region: closer shares more
            bool sameArea = sharedAreas > 0 && (sameFigure || sameAct || similarity >= options.RelatedTextSimilarity);
            // Talks and treaties name no village: there the same act (delimitation, topographic work) is the event.
            bool placeless = reportPlaces.Areas.Count == 0 && storyPlaces.Areas.Count == 0 && sameAct;
            if (!samePlace && !sameArea && !placeless && similarity < options.SameTextSimilarity) continue;
            double score = (samePlace ? 2 : 0) + (sameArea ? 0.5 + 0.25 * sharedAreas : placeless ? 1 : 0) + similarity;
            if (score > bestScore) { best = story; bestScore = score; }
        }
        return best is null ? Open(report, signature, recent, reportPlaces) : Join(best, report);
    }

    private StoryDecision Open(StoryCandidate report, uint[] signature, IReadOnlyList<StoryState> recent, PlaceSet reportPlaces)
    {
        // Earlier stories at the same place (or, for a report naming only an area, in it) are related.
        var related = recent
            .Where(s => s.Id != report.StoryId && s.FirstSeenUtc <= report.EventUtc && report.EventUtc - s.LastReportUtc <= options.RelatedWindow)
            .Where(s =>
            {
                var other = new PlaceSet(places, s.PlaceIds);
                return reportPlaces.Meets(other) || ((reportPlaces.Localities.Count == 0 || other.Localities.Count == 0) && reportPlaces.Areas.Overlaps(other.Areas));
            })
            .OrderByDescending(s => s.LastReportUtc).Take(MaxRelated).Select(s => s.Id).ToArray();
        var story = new StoryState
        {
            Id = report.StoryId,
            FirstAlertId = report.AlertId,
            FirstSeenUtc = report.EventUtc,
            LastReportUtc = report.EventUtc,
            Severity = report.Severity,
            Categories = [report.Category],
            PlaceIds = report.PlaceIds,
            Acts = report.Acts,
            Status = report.Status,
            Related = related,
            Signature = MinHash.Encode(signature),
            Figures = report.Figures,
            Sources = [report.Source],
            Headline = report.Headline,
        };
        return new StoryDecision(story, IsNew: true, IsUpdate: false, Change: null);
    }

    private StoryDecision Join(StoryState story, StoryCandidate report)
    {
        // A story lists every source, up to a bound that keeps its row small however widely it is copied.
        var sources = story.Sources.Any(s => s.Url == report.Source.Url && s.FeedId == report.Source.FeedId) || story.Sources.Count >= MaxSources
            ? story.Sources : [.. story.Sources, report.Source];
        var lastReport = report.EventUtc > story.LastReportUtc ? report.EventUtc : story.LastReportUtc;
        var changes = StoryChanges.Between(story, report, places);
        bool urgent = report.Severity > story.Severity || changes.StatusChanged || changes.AnyFirst;
        bool allowed = changes.Count > 0 && (urgent || story.LastUpdateUtc is null
            || report.EventUtc - story.LastUpdateUtc.Value >= options.UpdateInterval);
        if (!allowed)
        {
            // Nothing new, or held back: what is held is announced by the next report after the interval.
            var joined = story with { Sources = sources, LastReportUtc = lastReport };
            if (changes.Count == 0) joined = joined with { PlaceIds = Union(story.PlaceIds, report.PlaceIds), Acts = Union(story.Acts, report.Acts) };
            return new StoryDecision(joined, IsNew: false, IsUpdate: false, Change: null);
        }
        var updated = story with
        {
            Sources = sources,
            LastReportUtc = lastReport,
            LastUpdateUtc = report.EventUtc,
            Severity = Math.Max(story.Severity, report.Severity),
            Categories = story.Categories.Contains(report.Category) ? story.Categories : [.. story.Categories, report.Category],
            PlaceIds = Union(story.PlaceIds, report.PlaceIds),
            Acts = Union(story.Acts, report.Acts),
            Status = changes.Status ?? story.Status,
            Figures = new Casualties(
                Max(story.Figures.Killed, report.Figures.Killed),
                Max(story.Figures.Wounded, report.Figures.Wounded),
                Max(story.Figures.Evacuated, report.Figures.Evacuated)),
            UpdateCount = story.UpdateCount + 1,
        };
        return new StoryDecision(updated, IsNew: false, IsUpdate: true, Change: changes.Text);
    }

    private static string[] Union(IReadOnlyList<string> a, IReadOnlyList<string> b) => a.Union(b, StringComparer.Ordinal).ToArray();

    private static int? Max(int? a, int? b) => a is null ? b : b is null ? a : Math.Max(a.Value, b.Value);
}
