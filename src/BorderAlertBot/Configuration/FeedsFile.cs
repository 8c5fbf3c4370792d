using System.Text.Json;
using BorderAlertBot.Core.Items;
using BorderAlertBot.Core.Detection;
using BorderAlertBot.Core.Feeds;
using BorderAlertBot.Core.Text;

namespace BorderAlertBot.Configuration;

/// <summary>
/// Reads config/feeds.json: {"feeds": [{"id", "name", "url", "language", "intervalMinutes", "region"}]}.
/// id and url are required; unknown keys are rejected by name, so a typo never silently drops a setting.
/// "region" marks a regional outlet (a gazetteer area id such as "batken" or "sughd"; checked against the
/// gazetteer when the store is prepared): its unqualified "on the border" is the Kyrgyz–Tajik border.
/// </summary>
public static class FeedsFile
{
    private static readonly string[] Keys = ["id", "name", "url", "language", "intervalMinutes", "region"];

    public static IReadOnlyList<FeedDefinition> Load(string path)
    {
        if (!File.Exists(path)) throw new ConfigurationException($"The feeds file {path} does not exist (set BorderAlert__FeedsFile or --feeds).");
        return Parse(File.ReadAllText(path), path);
    }

    public static IReadOnlyList<FeedDefinition> Parse(string json, string source)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }); }
        catch (JsonException ex) { throw new ConfigurationException($"{source}: not valid JSON ({ex.Message})"); }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new ConfigurationException($"{source}: expected an object with a \"feeds\" array");
            foreach (var property in root.EnumerateObject())
                if (property.Name != "feeds") throw new ConfigurationException($"{source}: unknown key '{property.Name}' (expected only \"feeds\")");
            if (!root.TryGetProperty("feeds", out var feeds) || feeds.ValueKind != JsonValueKind.Array)
                throw new ConfigurationException($"{source}: \"feeds\" must be an array");

            var errors = new List<string>();
            var result = new List<FeedDefinition>();
            var ids = new HashSet<string>(StringComparer.Ordinal);
            int index = 0;
            foreach (var feed in feeds.EnumerateArray())
            {
                string at = $"{source}: feeds[{index++}]";
                if (feed.ValueKind != JsonValueKind.Object) { errors.Add($"{at}: expected an object"); continue; }
                foreach (var property in feed.EnumerateObject())
                    if (!Keys.Contains(property.Name, StringComparer.Ordinal))
                        errors.Add($"{at}: unknown key '{property.Name}' (allowed: {string.Join(", ", Keys)})");
                string? id = String(feed, "id");
                string? url = String(feed, "url");
                if (string.IsNullOrWhiteSpace(id)) { errors.Add($"{at}: 'id' is required"); continue; }
                at = $"{source}: feed '{id}'";
                if (!ids.Add(id)) errors.Add($"{at}: the id is used twice");
                if (string.IsNullOrWhiteSpace(url)) { errors.Add($"{at}: 'url' is required"); continue; }
                if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
                {
                    errors.Add($"{at}: 'url' must be an absolute http or https URL, not '{url}'");
                    continue;
                }
                int minutes = 10;
                if (feed.TryGetProperty("intervalMinutes", out var interval))
                {
                    if (interval.ValueKind != JsonValueKind.Number || !interval.TryGetInt32(out minutes) || minutes is < 1 or > 1440)
                    {
                        errors.Add($"{at}: 'intervalMinutes' must be a whole number from 1 to 1440");
                        continue;
                    }
                }
                string? region = null;
                if (feed.TryGetProperty("region", out var regionValue))
                {
                    region = regionValue.ValueKind == JsonValueKind.String ? regionValue.GetString()?.Trim() : null;
                    if (string.IsNullOrEmpty(region) || !region.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
                    {
                        errors.Add($"{at}: 'region' must be a gazetteer region id such as \"batken\" or \"sughd\" (lower case)");
                        continue;
                    }
                }
                result.Add(new FeedDefinition(id, String(feed, "name") ?? id, uri, Languages.Normalize(String(feed, "language")), TimeSpan.FromMinutes(minutes), region));
            }
            if (errors.Count > 0) throw new ConfigurationException(string.Join(Environment.NewLine, errors));
            return result;
        }
    }

    /// <summary>Every feed's region must be one the gazetteer knows: a misspelt region would silently lose the outlet's context.</summary>
    public static void CheckRegions(IReadOnlyList<FeedDefinition> feeds, BorderDetector detector, string source)
    {
        var errors = feeds.Where(f => f.Region is { } r && !detector.IsRegion(r))
            .Select(f => $"{source}: feed '{f.Id}': region '{f.Region}' is not a region the gazetteer knows ({string.Join(", ", detector.Regions)})").ToList();
        if (errors.Count > 0) throw new ConfigurationException(string.Join(Environment.NewLine, errors));
    }

    private static string? String(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}

/// <summary>A configuration problem: the message names the file or key and says what is wrong.</summary>
public sealed class ConfigurationException(string message) : Exception(message);
