using System.Text.Json;
using System.Text.Json.Serialization;

namespace BorderAlertBot.Core.Alerts;

/// <summary>
/// The machine-readable shape of an alert: one JSON object, the same wherever it goes (a line on standard
/// output with BorderAlert__Console__Format=jsonl, the body of a webhook POST).
/// </summary>
public static class AlertJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string ToLine(Alert a) => JsonSerializer.Serialize(new
    {
        id = a.Id,
        storyId = a.StoryId,
        isUpdate = a.IsUpdate,
        change = a.Change,
        severity = a.Severity,
        category = a.Category,
        headline = a.Headline,
        summary = a.Summary,
        places = a.Places.Select(p => p.Name),
        placeDetails = a.Places.Select(p => new { name = p.Name, side = p.Side, lat = p.Lat, lon = p.Lon, mapUrl = p.MapUrl }),
        actors = a.Actors,
        sources = a.Sources.Select(s => new { name = s.Name, url = s.Url, publishedUtc = s.PublishedUtc }),
        confirmation = a.Confirmation,
        publishedUtc = a.PublishedUtc,
        createdUtc = a.CreatedUtc,
        language = a.Language,
        score = a.Score,
        killed = a.Figures.Killed,
        wounded = a.Figures.Wounded,
        evacuated = a.Figures.Evacuated,
    }, Options);
}
