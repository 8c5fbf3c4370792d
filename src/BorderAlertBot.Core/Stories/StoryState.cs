using BorderAlertBot.Core.Alerts;

namespace BorderAlertBot.Core.Stories;

/// <summary>
/// One event as the bot has announced it so far. The announced figures are what readers were told, so a
/// rate-limited change is announced by the next report after the window instead of being lost.
/// </summary>
public sealed record StoryState
{
    public required string Id { get; init; }
    public required string FirstAlertId { get; init; }
    public required DateTimeOffset FirstSeenUtc { get; init; }
    /// <summary>Event time of the latest report (its published time, else when it was seen).</summary>
    public required DateTimeOffset LastReportUtc { get; init; }
    public DateTimeOffset? LastUpdateUtc { get; init; }
    public required int Severity { get; init; }
    /// <summary>The categories reported; the first is the kind of event the story is (it sets the join window).</summary>
    public required IReadOnlyList<string> Categories { get; init; }
    /// <summary>Gazetteer ids of the places reported.</summary>
    public required IReadOnlyList<string> PlaceIds { get; init; }
    /// <summary>The specific acts reported (lexicon term ids).</summary>
    public IReadOnlyList<string> Acts { get; init; } = [];
    /// <summary>The latest phase announced (<see cref="StoryStatus"/>), null while nothing changed.</summary>
    public string? Status { get; init; }
    /// <summary>Earlier stories this one follows from (a ceasefire after a clash).</summary>
    public IReadOnlyList<string> Related { get; init; } = [];
    public required string Signature { get; init; }
    public Casualties Figures { get; init; } = Casualties.None;
    public required IReadOnlyList<AlertSource> Sources { get; init; }
    public required string Headline { get; init; }
    public int UpdateCount { get; init; }
}
