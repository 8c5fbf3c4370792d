using System.Text.Json;

namespace BorderAlertBot.Core.Detection;

/// <summary>
/// The detector's verdict as JSON fields, written the same way wherever a verdict is printed (`classify`,
/// `feeds check --jsonl`): relevant, score, category (null when not relevant), severity, places,
/// evidence, reasons.
/// </summary>
public static class VerdictJson
{
    /// <summary>Writes the verdict's fields into the object the caller has opened (after its own id fields).</summary>
    public static void WriteFields(Utf8JsonWriter w, Detection d)
    {
        w.WriteBoolean("relevant", d.Relevant);
        w.WriteNumber("score", d.Score);
        if (d.Relevant) w.WriteString("category", d.Category.ToWire()); else w.WriteNull("category");
        w.WriteNumber("severity", d.Severity);
        w.WriteStartArray("places");
        foreach (var p in d.Places) w.WriteStringValue(p.Name);
        w.WriteEndArray();
        w.WriteStartArray("evidence");
        foreach (var phrase in d.Evidence.Select(e => e.Phrase).Distinct(StringComparer.Ordinal)) w.WriteStringValue(phrase);
        w.WriteEndArray();
        w.WriteStartArray("reasons");
        foreach (var reason in d.Reasons) w.WriteStringValue(reason);
        w.WriteEndArray();
    }
}
