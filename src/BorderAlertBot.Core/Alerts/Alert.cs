using BorderAlertBot.Core.Detection;

namespace BorderAlertBot.Core.Alerts;

/// <summary>What a chat shows: one border event, or an update of one already alerted. Persisted as JSON in the outbox.</summary>
public sealed record Alert
{
    public required string Id { get; init; }
    public required string StoryId { get; init; }
    public bool IsUpdate { get; init; }
    /// <summary>For updates: what changed, in words ("Death toll rises to 59").</summary>
    public string? Change { get; init; }
    public required string Headline { get; init; }
    public required string Summary { get; init; }
    public required int Severity { get; init; }
    public required string Category { get; init; }
    public required IReadOnlyList<AlertPlace> Places { get; init; }
    public IReadOnlyList<string> Actors { get; init; } = [];
    public required IReadOnlyList<AlertSource> Sources { get; init; }
    public DateTimeOffset? PublishedUtc { get; init; }
    public required DateTimeOffset CreatedUtc { get; init; }
    public string Language { get; init; } = "";
    public double Score { get; init; }
    public Casualties Figures { get; init; } = Casualties.None;
    public IReadOnlyList<AlertEvidence> Evidence { get; init; } = [];
    public IReadOnlyList<string> Reasons { get; init; } = [];

    /// <summary>"confirmed by N outlets", "N reports by one outlet" (one outlet's feeds in two languages), or "single source".</summary>
    public string Confirmation => ConfirmationOf(Sources);

    /// <summary>The confirmation status of a list of sources, the same wherever it is shown (never "single source" beside two links).</summary>
    public static string ConfirmationOf(IReadOnlyList<AlertSource> sources) =>
        sources.Select(s => s.Name).Distinct(StringComparer.OrdinalIgnoreCase).Count() is var n && n > 1
            ? $"confirmed by {n} outlets"
            : sources.Count > 1 ? $"{sources.Count} reports by one outlet" : "single source";

    public string? PrimaryUrl => Sources.Count > 0 ? Sources[0].Url : null;

    /// <summary>Bishkek (UTC+6) and Dushanbe (UTC+5) have no daylight saving: fixed offsets are exact.</summary>
    public static string LocalTimes(DateTimeOffset utc) =>
        FormattableString.Invariant($"{utc.ToOffset(TimeSpan.FromHours(6)):yyyy-MM-dd HH:mm} Bishkek · {utc.ToOffset(TimeSpan.FromHours(5)):HH:mm} Dushanbe");
}

public sealed record AlertPlace(string Name, string Side, double Lat, double Lon, string MapUrl, string Id = "")
{
    public static AlertPlace From(PlaceRef p) => new(p.Name, p.Side, p.Lat, p.Lon, p.MapUrl, p.Id);
}

/// <summary>One report of a story: the outlet, its link, the feed, when it was published and in which language.</summary>
public sealed record AlertSource(string Name, string? Url, string FeedId, DateTimeOffset? PublishedUtc, string Language = "");

public sealed record AlertEvidence(string Phrase, string Field, int Start, string Kind, string Ref)
{
    public static AlertEvidence From(Evidence e) => new(e.Phrase, e.Field, e.Start, e.Kind, e.Ref);
}

/// <summary>Figures extracted from the text when present.</summary>
public sealed record Casualties(int? Killed, int? Wounded, int? Evacuated)
{
    public static readonly Casualties None = new(null, null, null);
}
