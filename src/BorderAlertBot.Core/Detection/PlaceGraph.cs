namespace BorderAlertBot.Core.Detection;

/// <summary>
/// What the gazetteer knows about where places are relative to each other, for telling events apart:
/// a place's identity (bare listings of a name are the same place), the places facing it across the
/// line, and the district, region and border sector it lies in. Unknown ids are their own identity.
/// </summary>
public sealed class PlaceGraph
{
    private readonly Dictionary<string, PlaceEntry> _places;

    public PlaceGraph(Gazetteer gazetteer)
    {
        _places = gazetteer.Places.GroupBy(p => p.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
    }

    public static readonly PlaceGraph Empty = new(new Gazetteer { Countries = [], Places = [] });

    public string Identity(string id) => _places.TryGetValue(id, out var p) && p.SameAs is { } same ? same : id;

    /// <summary>A district, region or town: names where, not which village.</summary>
    public bool IsArea(string id) => _places.TryGetValue(id, out var p) && p.Tier == "area";

    /// <summary>The villages, posts, roads and water facilities named (identities), without districts and regions.</summary>
    public IReadOnlySet<string> Localities(IEnumerable<string> placeIds) =>
        placeIds.Where(id => !IsArea(id)).Select(Identity).ToHashSet(StringComparer.Ordinal);

    /// <summary>Localities plus the places facing them across the line.</summary>
    public IReadOnlySet<string> WithNeighbours(IEnumerable<string> localities)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (string id in localities)
        {
            set.Add(id);
            if (_places.TryGetValue(id, out var p)) foreach (string n in p.Neighbours) set.Add(Identity(n));
        }
        return set;
    }

    /// <summary>Every district, region and sector the places lie in, areas named directly included.</summary>
    public IReadOnlySet<string> Areas(IEnumerable<string> placeIds)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (string id in placeIds)
        {
            if (IsArea(id)) set.Add(id);
            if (_places.TryGetValue(Identity(id), out var p)) foreach (string a in p.Areas) set.Add(a);
        }
        return set;
    }
}
