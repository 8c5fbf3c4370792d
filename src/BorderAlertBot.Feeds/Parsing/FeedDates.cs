using System.Globalization;
using System.Text.RegularExpressions;

namespace BorderAlertBot.Feeds.Parsing;

/// <summary>Parses the dates feeds write (RFC 822 with named or numeric zones, ISO 8601, and common sloppiness) to UTC.</summary>
public static partial class FeedDates
{
    private static readonly Dictionary<string, string> Zones = new(StringComparer.OrdinalIgnoreCase)
    {
        ["UT"] = "+00:00", ["UTC"] = "+00:00", ["GMT"] = "+00:00", ["Z"] = "+00:00",
        ["EST"] = "-05:00", ["EDT"] = "-04:00", ["CST"] = "-06:00", ["CDT"] = "-05:00",
        ["MST"] = "-07:00", ["MDT"] = "-06:00", ["PST"] = "-08:00", ["PDT"] = "-07:00",
        ["MSK"] = "+03:00", ["CET"] = "+01:00", ["CEST"] = "+02:00", ["BST"] = "+01:00",
    };

    [GeneratedRegex(@"\s([A-Za-z]{1,4})$")]
    private static partial Regex NamedZone();

    [GeneratedRegex(@"([+-])(\d{2})(\d{2})$")]
    private static partial Regex CompactOffset();

    public static DateTimeOffset? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        string s = text.Trim();
        // Drop the day name ("Thu, "), which is often wrong or localised.
        int comma = s.IndexOf(',');
        if (comma is > 0 and <= 10 && s[..comma].All(char.IsLetter)) s = s[(comma + 1)..].Trim();
        s = NamedZone().Replace(s, m => Zones.TryGetValue(m.Groups[1].Value, out var offset) ? " " + offset : m.Value);
        s = CompactOffset().Replace(s, "$1$2:$3");
        const DateTimeStyles styles = DateTimeStyles.AllowWhiteSpaces | DateTimeStyles.AssumeUniversal;
        if (DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, styles, out var value)) return value.ToUniversalTime();
        string[] formats = ["d MMM yyyy HH:mm:ss zzz", "d MMM yyyy HH:mm zzz", "d MMM yy HH:mm:ss zzz", "d MMMM yyyy HH:mm:ss zzz", "yyyy-MM-dd HH:mm:ss", "dd.MM.yyyy HH:mm:ss", "dd.MM.yyyy HH:mm"];
        if (DateTimeOffset.TryParseExact(s, formats, CultureInfo.InvariantCulture, styles, out value)) return value.ToUniversalTime();
        return null;
    }
}
