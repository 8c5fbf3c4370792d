namespace BorderAlertBot.Core.Detection;

/// <summary>What the detector is given: the text fields of one item (HTML is tolerated and stripped).</summary>
/// <param name="Region">The region of the outlet the item came from, when it is a regional one (a gazetteer area id:
/// "batken", "sughd"…): such an outlet's unqualified "on the border" is the Kyrgyz–Tajik border.</param>
public sealed record DetectionInput(string? Title, string? Summary = null, string? Content = null, string? Region = null);

/// <summary>The detector's verdict on one item, with the evidence that explains it.</summary>
public sealed record Detection
{
    public required bool Relevant { get; init; }
    /// <summary>0–1; ≥ 0.5 exactly when relevant.</summary>
    public required double Score { get; init; }
    public required Category Category { get; init; }
    /// <summary>1–5 (see <see cref="BorderDetector"/> for the rules); 0 when not relevant.</summary>
    public required int Severity { get; init; }
    public required IReadOnlyList<PlaceRef> Places { get; init; }
    public required IReadOnlyList<string> Actors { get; init; }
    public required IReadOnlyList<Evidence> Evidence { get; init; }
    /// <summary>The decision rules that fired, in words, for /why.</summary>
    public required IReadOnlyList<string> Reasons { get; init; }
}

public sealed record PlaceRef(string Id, string Name, string Side, string Type, double Lat, double Lon)
{
    public string MapUrl => FormattableString.Invariant($"https://www.openstreetmap.org/?mlat={Lat:0.#####}&mlon={Lon:0.#####}#map=13/{Lat:0.#####}/{Lon:0.#####}");
}

/// <summary>A matched phrase: where it is (field and character offset in that field's plain text) and what it means.</summary>
public sealed record Evidence(string Phrase, string Field, int Start, int Length, string Kind, string Ref);
