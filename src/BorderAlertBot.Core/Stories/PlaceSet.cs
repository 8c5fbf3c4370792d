using BorderAlertBot.Core.Detection;

namespace BorderAlertBot.Core.Stories;

/// <summary>The places of a report or story as identity sees them: localities (with the places facing them) and areas.</summary>
internal sealed class PlaceSet(PlaceGraph graph, IEnumerable<string> placeIds)
{
    public IReadOnlySet<string> Localities { get; } = graph.Localities(placeIds);
    public IReadOnlySet<string> Areas { get; } = graph.Areas(placeIds);
    private IReadOnlySet<string>? _near;
    /// <summary>The localities and the places across the line from them.</summary>
    public IReadOnlySet<string> Near => _near ??= graph.WithNeighbours(Localities);

    /// <summary>The same place, or places facing each other across the line.</summary>
    public bool Meets(PlaceSet other) => Near.Overlaps(other.Localities);
}
