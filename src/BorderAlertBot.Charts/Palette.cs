namespace BorderAlertBot.Charts;

/// <summary>
/// Colours shared by the map and the trend chart, from the Okabe–Ito set (told apart with the common
/// colour-vision deficiencies), each dark enough for white text and ≥ 3:1 against the white background.
/// </summary>
public static class Palette
{
    public const string Background = "#ffffff";
    public const string Ink = "#1f2328";
    public const string Muted = "#57606a";

    /// <summary>Marker colour per alert category (wire name).</summary>
    public static string ForCategory(string category) => category switch
    {
        "armed_clash" => "#b0413e",
        "incident" => "#d55e00",
        "water_land" => "#0072b2",
        "humanitarian" => "#cc79a7",
        "crossing" => "#009e73",
        "diplomacy" => "#6a5acd",
        _ => "#57606a",
    };

    public static readonly IReadOnlyList<string> Categories = ["armed_clash", "incident", "water_land", "humanitarian", "crossing", "diplomacy"];

    public static string CategoryLabel(string category) => category switch
    {
        "armed_clash" => "armed clash",
        "water_land" => "water and land",
        _ => category,
    };

    /// <summary>Severity 1 (light) to 5 (dark red), for the stacked trend bars.</summary>
    public static string ForSeverity(int severity) => Math.Clamp(severity, 1, 5) switch
    {
        1 => "#9ecae1",
        2 => "#4292c6",
        3 => "#fdae6b",
        4 => "#e6550d",
        _ => "#a50f15",
    };
}
