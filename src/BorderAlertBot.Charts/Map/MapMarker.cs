using BorderAlertBot.Core.Reports;

namespace BorderAlertBot.Charts.Map;

/// <summary>One place on the map with the incidents that name it: sized by the worst severity, coloured by that incident's category.</summary>
public sealed record MapMarker(string PlaceId, string Name, double Lat, double Lon, int Incidents, int MaxSeverity, string Category)
{
    public double Radius => 4 + 2.5 * MaxSeverity + Math.Min(Incidents - 1, 6);

    /// <summary>Markers for every place the incidents name, biggest first (so small ones are drawn on top).</summary>
    public static IReadOnlyList<MapMarker> From(IEnumerable<Incident> incidents) =>
        incidents.SelectMany(i => i.Places.Select(p => (Key: p.Id.Length > 0 ? p.Id : p.Name, Place: p, Incident: i)))
            .GroupBy(x => x.Key, StringComparer.OrdinalIgnoreCase)
            .Select(g =>
            {
                var worst = g.OrderByDescending(x => x.Incident.Severity).ThenByDescending(x => x.Incident.UpdatedUtc).First();
                return new MapMarker(g.Key, worst.Place.Name, worst.Place.Lat, worst.Place.Lon, g.Count(), worst.Incident.Severity, worst.Incident.Category);
            })
            .OrderByDescending(m => m.Radius).ThenBy(m => m.Name, StringComparer.Ordinal)
            .ToList();
}
