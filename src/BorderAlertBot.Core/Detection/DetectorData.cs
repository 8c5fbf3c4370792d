using System.Text.Json;
using System.Text.Json.Serialization;

namespace BorderAlertBot.Core.Detection;

/// <summary>The gazetteer file (config/gazetteer.json): places, countries, actors and distractors with all their spellings.</summary>
public sealed record Gazetteer
{
    public required IReadOnlyList<CountryEntry> Countries { get; init; }
    public IReadOnlyList<string> PairTerms { get; init; } = [];
    public IReadOnlyList<string> BorderContext { get; init; } = [];
    public required IReadOnlyList<PlaceEntry> Places { get; init; }
    public IReadOnlyList<ActorEntry> Actors { get; init; } = [];
    public IReadOnlyList<DistractorEntry> Distractors { get; init; } = [];
}

public sealed record CountryEntry
{
    public required string Id { get; init; }
    public required IReadOnlyList<string> Aliases { get; init; }
}

public sealed record PlaceEntry
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    /// <summary>KG, TJ or disputed.</summary>
    public required string Side { get; init; }
    public required string Type { get; init; }
    /// <summary>core: on the KG–TJ line; area: district/region/town; weak: a homonym or a name used elsewhere too.</summary>
    public required string Tier { get; init; }
    public double Lat { get; init; }
    public double Lon { get; init; }
    public bool Approx { get; init; }
    /// <summary>The district, region and border sector the place lies in (ids; an area lists the larger areas it is part of).</summary>
    public IReadOnlyList<string> Areas { get; init; } = [];
    /// <summary>The places facing it across the line (Kok-Tash ↔ Khoja-Alo): one clash is reported from either side.</summary>
    public IReadOnlyList<string> Neighbours { get; init; } = [];
    /// <summary>The entry this one is another listing of (bare forms of a common-word name): one place, one identity.</summary>
    public string? SameAs { get; init; }
    public required IReadOnlyList<string> Aliases { get; init; }
}

public sealed record ActorEntry
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public string? Side { get; init; }
    public required string Kind { get; init; }
    public bool BorderSpecific { get; init; }
    public required IReadOnlyList<string> Aliases { get; init; }
}

public sealed record DistractorEntry
{
    public required string Id { get; init; }
    public required string Context { get; init; }
    public required IReadOnlyList<string> Aliases { get; init; }
}

/// <summary>The lexicon file (config/lexicon.json): topic vocabulary in four languages.</summary>
public sealed record Lexicon
{
    public required IReadOnlyList<TermEntry> Terms { get; init; }
}

public sealed record TermEntry
{
    public required string Id { get; init; }
    /// <summary>A <see cref="Category"/> name, or one of the marker groups: disaster, sport, economy, forces (who fights: troops, border guards).</summary>
    public required string Category { get; init; }
    public int Severity { get; init; } = 1;
    public double Weight { get; init; } = 1.0;
    /// <summary>True when the term alone, with the KG–TJ pair present, makes an item border news.</summary>
    public bool Strong { get; init; }
    /// <summary>Conflict vocabulary outside the armed_clash category ("clash", "конфликт"): counts with armed terms when tying a district to the border.</summary>
    public bool Conflict { get; init; }
    /// <summary>A general word that, next to a border place or with both sides named, is border news ("new houses for resettled families", "canal", "pasture").</summary>
    public bool Local { get; init; }
    /// <summary>De-escalation (ceasefire, withdrawal, delimitation, treaty, handover): an item led by it is never an armed clash and never above severity 3 (<see cref="Rubric"/>).</summary>
    public bool Deescalation { get; init; }
    /// <summary>Shots or heavy weapons actually used (exchange of fire, mortar, shelling): a title with these is not de-escalation.</summary>
    public bool Fire { get; init; }
    /// <summary>A confrontation act (stones, a brawl, a detention, a blocked road, burned houses, stolen livestock, an armed clash): with one, a water or land dispute is an incident (<see cref="Rubric"/>).</summary>
    public bool Confrontation { get; init; }
    public required IReadOnlyList<string> Patterns { get; init; }
}

/// <summary>Loads and validates the detector's data files; errors name the file and the entry.</summary>
public static class DetectorDataLoader
{
    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    };

    public static Gazetteer ParseGazetteer(string json, string source = "gazetteer")
    {
        Gazetteer g = Deserialize<Gazetteer>(json, source);
        var errors = new List<string>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        if (g.Countries.Count(c => c.Id is "KG" or "TJ") != 2) errors.Add("countries must define KG and TJ");
        foreach (var p in g.Places)
        {
            if (!ids.Add(p.Id)) errors.Add($"place '{p.Id}' is defined twice");
            if (p.Side is not ("KG" or "TJ" or "disputed")) errors.Add($"place '{p.Id}': side must be KG, TJ or disputed, not '{p.Side}'");
            if (p.Tier is not ("core" or "area" or "weak")) errors.Add($"place '{p.Id}': tier must be core, area or weak, not '{p.Tier}'");
            if (p.Lat is < 35 or > 45 || p.Lon is < 65 or > 80) errors.Add($"place '{p.Id}': coordinates {p.Lat},{p.Lon} are not in the Ferghana valley region");
            if (p.Aliases.Count == 0) errors.Add($"place '{p.Id}' has no aliases");
        }
        var byId = g.Places.GroupBy(p => p.Id).ToDictionary(x => x.Key, x => x.First(), StringComparer.Ordinal);
        foreach (var p in g.Places)
        {
            if (p.SameAs is { } same && !byId.ContainsKey(same)) errors.Add($"place '{p.Id}': sameAs '{same}' is not a place");
            foreach (string n in p.Neighbours)
                if (!byId.TryGetValue(n, out var other)) errors.Add($"place '{p.Id}': neighbour '{n}' is not a place");
                else if (!other.Neighbours.Contains(p.Id)) errors.Add($"place '{p.Id}': neighbour '{n}' does not list it back");
        }
        foreach (var a in g.Actors)
            if (a.Aliases.Count == 0) errors.Add($"actor '{a.Id}' has no aliases");
        if (errors.Count > 0) throw new DetectorDataException($"{source}: {string.Join("; ", errors)}");
        return g;
    }

    public static Lexicon ParseLexicon(string json, string source = "lexicon")
    {
        Lexicon l = Deserialize<Lexicon>(json, source);
        var errors = new List<string>();
        foreach (var t in l.Terms)
        {
            if (!Categories.TryParse(t.Category, out _) && t.Category is not ("disaster" or "sport" or "economy" or "forces"))
                errors.Add($"term '{t.Id}': unknown category '{t.Category}'");
            if (t.Severity is < 1 or > 5) errors.Add($"term '{t.Id}': severity must be 1–5");
            if (t.Patterns.Count == 0) errors.Add($"term '{t.Id}' has no patterns");
        }
        if (errors.Count > 0) throw new DetectorDataException($"{source}: {string.Join("; ", errors)}");
        return l;
    }

    private static T Deserialize<T>(string json, string source)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(json, JsonOptions) ?? throw new DetectorDataException($"{source}: the file is empty");
        }
        catch (JsonException ex)
        {
            throw new DetectorDataException($"{source}: not valid JSON ({ex.Message})", ex);
        }
    }
}

public sealed class DetectorDataException : Exception
{
    public DetectorDataException(string message) : base(message) { }
    public DetectorDataException(string message, Exception inner) : base(message, inner) { }
}
