using BorderAlertBot.Core.Alerts;

namespace BorderAlertBot.Core.Stories;

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
    /// <summary>Gazetteer ids of every place named, and their names (same order).</summary>
    public required IReadOnlyList<string> PlaceIds { get; init; }
    public IReadOnlyList<string> PlaceNames { get; init; } = [];
    /// <summary>The specific acts reported (lexicon term ids: stone-throwing, mortar, detention…).</summary>
    public IReadOnlyList<string> Acts { get; init; } = [];
    /// <summary>The phase the report announces, if any (see <see cref="StoryStatus"/>).</summary>
    public string? Status { get; init; }
    public required Casualties Figures { get; init; }
    public required AlertSource Source { get; init; }
}
