namespace BorderAlertBot.Core.Text;

/// <summary>A language the detector reads: its code (ISO 639-1), its name, its script.</summary>
public sealed record LanguageInfo(string Code, string Name, string Script);

/// <summary>
/// The one list of the languages the bot knows (codes, names, scripts) and the one place a language code
/// is read: "TJ" and "tj" (the country's code, a common slip) become "tg" here, so feeds, items, alerts
/// and channel filters compare the same codes.
/// </summary>
public static class Languages
{
    public static readonly IReadOnlyList<LanguageInfo> Known =
    [
        new("en", "English", "Latin"),
        new("ru", "Russian", "Cyrillic"),
        new("ky", "Kyrgyz", "Cyrillic"),
        new("tg", "Tajik", "Cyrillic"),
    ];

    private static readonly Dictionary<string, string> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["tj"] = "tg", ["kg"] = "ky", ["kir"] = "ky", ["kgz"] = "ky", ["tgk"] = "tg", ["rus"] = "ru", ["eng"] = "en",
    };

    /// <summary>"en, ru, ky, tg": for help and error texts.</summary>
    public static string CodeList => string.Join(", ", Known.Select(l => l.Code));

    /// <summary>The canonical code of a known language (aliases and case folded), or null.</summary>
    public static string? KnownCode(string? code)
    {
        if (string.IsNullOrWhiteSpace(code)) return null;
        string c = code.Trim().ToLowerInvariant();
        if (Aliases.TryGetValue(c, out var alias)) c = alias;
        return Known.Any(l => l.Code == c) ? c : null;
    }

    /// <summary>
    /// A feed's language as stored: a known language by its canonical code, another two- or three-letter
    /// code lower-cased as given (an outlet in Uzbek is still a source), anything else empty.
    /// </summary>
    public static string Normalize(string? code)
    {
        if (KnownCode(code) is { } known) return known;
        string c = code?.Trim().ToLowerInvariant() ?? "";
        return IsCode(c) ? c : "";
    }

    /// <summary>A two- or three-letter code.</summary>
    public static bool IsCode(string code) => code.Length is 2 or 3 && code.All(char.IsAsciiLetter);
}
