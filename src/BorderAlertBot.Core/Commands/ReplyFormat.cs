using System.Globalization;

namespace BorderAlertBot.Core.Commands;

/// <summary>How replies write times, counts and optional numbers: one place, so every command reads alike.</summary>
public static class ReplyFormat
{
    /// <summary>"2025-03-14 12:05" (UTC is added by the caller where it is not obvious).</summary>
    public static string Minute(DateTimeOffset time) => time.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    /// <summary>"2025-03-14 12:05:09".</summary>
    public static string Second(DateTimeOffset time) => time.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>"1 alert", "3 alerts"; <paramref name="plural"/> when adding "s" is wrong ("story" → "stories").</summary>
    public static string Count(int n, string singular, string? plural = null) =>
        string.Create(CultureInfo.InvariantCulture, $"{n} {(n == 1 ? singular : plural ?? singular + "s")}");

    /// <summary>"all" for an empty list (no filter), else the items joined by commas.</summary>
    public static string ListOrAll(IEnumerable<string> items)
    {
        string joined = string.Join(", ", items);
        return joined.Length == 0 ? "all" : joined;
    }

    /// <summary>A plain non-negative integer, as a user types a count, a severity or a number of days.</summary>
    public static bool TryNumber(string text, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);

    /// <summary>
    /// Why a query or keyword is too short to look for, or null when it is long enough. Matching works on the
    /// folded key (scripts read alike, doubled letters count once), so "xxxx" can fold to one letter although
    /// it was typed with four: say so, rather than "fewer than two letters".
    /// </summary>
    public static string? TooShort(string typed, string key, string tooShortText)
    {
        string folded = key.Replace(" ", "", StringComparison.Ordinal);
        if (folded.Length >= 2) return null;
        int typedLetters = typed.Count(char.IsLetterOrDigit);
        if (typedLetters >= 2 && folded.Length > 0)
            return $"“{typed}” comes down to “{folded}” once spellings are folded (Cyrillic and Latin read alike, repeated letters count once): use a word with at least two different letters.";
        return tooShortText;
    }
}
