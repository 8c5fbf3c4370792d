using BorderAlertBot.Core.Reports;

namespace BorderAlertBot.Web.Feeds;

/// <summary>The public shape of an incident (the story as it stands): /api/alerts and the JSON Feed's extension. Nothing about who was told.</summary>
public sealed record IncidentJson(
    string Id, string Headline, string Summary, int Severity, string Category, string Confirmation,
    IReadOnlyList<PlaceJson> Places, IReadOnlyList<SourceJson> Sources,
    DateTimeOffset Occurred, DateTimeOffset FirstAlert, DateTimeOffset Updated, int Updates, string? LatestChange)
{
    public static IncidentJson From(Incident i) => new(
        i.StoryId, i.Headline, i.Summary, i.Severity, i.Category, i.Confirmation,
        i.Places.Select(p => new PlaceJson(p.Id, p.Name, p.Side, p.Lat, p.Lon)).ToList(),
        i.Sources.Select(s => new SourceJson(s.Name, s.Url, s.PublishedUtc)).ToList(),
        i.OccurredUtc, i.FirstAlertUtc, i.UpdatedUtc, i.Updates, i.LatestChange);
}

public sealed record PlaceJson(string Id, string Name, string Side, double Lat, double Lon);

public sealed record SourceJson(string Name, string? Url, DateTimeOffset? Published);
