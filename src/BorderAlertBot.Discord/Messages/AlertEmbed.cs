using System.Globalization;
using System.Text.Json.Nodes;
using BorderAlertBot.Core.Alerts;

namespace BorderAlertBot.Discord.Messages;

/// <summary>
/// One alert as one embed: severity colour, the headline linking to the source, the summary (with the
/// change for updates), places with map links, category and severity, every source with the confirmation
/// status, the time, and a footer with the story id and local times. All feed text is escaped and every
/// part is trimmed to Discord's limits, the total to 6,000 characters.
/// </summary>
public static class AlertEmbed
{
    public static int Colour(int severity) => severity switch
    {
        >= 5 => 0xE74C3C, // red
        4 => 0xE67E22,    // orange
        3 => 0xF1C40F,    // yellow
        2 => 0x3498DB,    // blue
        _ => 0x95A5A6,    // grey
    };

    public static JsonObject Build(Alert alert, int maxTotal = DiscordLimits.EmbedTotal)
    {
        var when = alert.PublishedUtc ?? alert.CreatedUtc;
        string title = DiscordText.Trim(DiscordText.Escape(alert.Headline), DiscordLimits.Title);
        string footer = DiscordText.Trim($"story {alert.StoryId} · alert {alert.Id} · {Alert.LocalTimes(when)}", DiscordLimits.Footer);

        var fields = new List<(string Name, string Value, bool Inline)>();
        if (alert.Places.Count > 0)
            fields.Add(("Places", Lines(alert.Places.Select(p => DiscordText.Link(p.Name, p.MapUrl) + (string.IsNullOrEmpty(p.Side) ? "" : $" ({DiscordText.Escape(p.Side)})"))), false));
        fields.Add(("Category / severity", $"{DiscordText.Escape(alert.Category.Replace('_', ' '))} · severity {alert.Severity.ToString(CultureInfo.InvariantCulture)}/5", true));
        if (alert.Sources.Count > 0)
            fields.Add(($"Sources ({alert.Confirmation})", Lines(alert.Sources.Select(s => DiscordText.Link(s.Name, s.Url))), false));
        fields = fields.Take(DiscordLimits.Fields)
            .Select(f => (DiscordText.Trim(f.Name, DiscordLimits.FieldName), DiscordText.Trim(f.Value, DiscordLimits.FieldValue), f.Inline)).ToList();

        string description = (alert.IsUpdate && !string.IsNullOrWhiteSpace(alert.Change) ? $"**UPDATE:** {DiscordText.Escape(alert.Change)}\n\n" : "")
            + DiscordText.Escape(alert.Summary);
        int fixedLength = title.Length + footer.Length + fields.Sum(f => f.Item1.Length + f.Item2.Length);
        int room = Math.Min(DiscordLimits.Description, maxTotal - fixedLength);
        description = DiscordText.Trim(description, Math.Max(room, 0));

        var embed = new JsonObject
        {
            ["title"] = title,
            ["type"] = "rich",
            ["description"] = description,
            ["color"] = Colour(alert.Severity),
            ["timestamp"] = when.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
            ["footer"] = new JsonObject { ["text"] = footer },
            ["fields"] = new JsonArray(fields.Select(f => (JsonNode)new JsonObject { ["name"] = f.Item1, ["value"] = f.Item2, ["inline"] = f.Inline }).ToArray()),
        };
        if (DiscordText.SafeUrl(alert.PrimaryUrl) is { } url) embed["url"] = url;
        return embed;
    }

    /// <summary>The characters Discord counts toward the 6,000 total.</summary>
    public static int TotalLength(JsonObject embed) =>
        Len(embed["title"]) + Len(embed["description"]) + Len(embed["footer"]?["text"]) + Len(embed["author"]?["name"])
        + (embed["fields"] as JsonArray ?? []).Sum(f => Len(f?["name"]) + Len(f?["value"]));

    private static int Len(JsonNode? node) => node?.GetValue<string>().Length ?? 0;

    /// <summary>Whole lines that fit a field value, then "…and N more".</summary>
    private static string Lines(IEnumerable<string> lines)
    {
        var all = lines.ToList();
        var kept = new List<string>();
        int length = 0;
        for (int i = 0; i < all.Count; i++)
        {
            string more = $"…and {all.Count - i} more";
            int need = all[i].Length + (kept.Count > 0 ? 1 : 0);
            bool last = i == all.Count - 1;
            if (length + need + (last ? 0 : more.Length + 1) > DiscordLimits.FieldValue)
            {
                kept.Add(more);
                break;
            }
            kept.Add(all[i]);
            length += need;
        }
        return string.Join("\n", kept);
    }
}
