using System.Globalization;

namespace BorderAlertBot.Feeds.Parsing;

/// <summary>Parses the dates feeds write (RFC 822 with named or numeric zones, ISO 8601, and common sloppiness) to UTC.</summary>
public static class FeedDates
{
    private static readonly Dictionary<string, string> Zones = new(StringComparer.OrdinalIgnoreCase)
    {
        ["UT"] = "+00:00", ["UTC"] = "+00:00", ["GMT"] = "+00:00", ["Z"] = "+00:00",
        ["EST"] = "-05:00", ["EDT"] = "-04:00", ["CST"] = "-06:00", ["CDT"] = "-05:00",
        ["MST"] = "-07:00", ["MDT"] = "-06:00", ["PST"] = "-08:00", ["PDT"] = "-07:00",
        ["MSK"] = "+03:00", ["CET"] = "+01:00", ["CEST"] = "+02:00", ["BST"] = "+01:00",
    };


    private static readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> ZoneLookup = Zones.GetAlternateLookup<ReadOnlySpan<char>>();

    // A named zone at the end (" GMT", " MSK"): 1–4 letters after a space become its numeric offset.
    private static string NumericZone(string s)
    {
        int start = s.Length;
        while (start > 0 && s.Length - start < 5 && char.IsAsciiLetter(s[start - 1])) start--;
        int letters = s.Length - start;
        if (letters is < 1 or > 4 || start == 0 || !char.IsWhiteSpace(s[start - 1])) return s;
        return ZoneLookup.TryGetValue(s.AsSpan(start), out var offset)
            ? string.Concat(s.AsSpan(0, start - 1), " ", offset)
            : s;
    }

    // A compact offset at the end ("+0600") gets the colon .NET's parser wants ("+06:00").
    private static string OffsetWithColon(string s)
    {
        if (s.Length < 5) return s;
        var tail = s.AsSpan(s.Length - 5);
        if (tail[0] is not ('+' or '-') || !char.IsAsciiDigit(tail[1]) || !char.IsAsciiDigit(tail[2]) || !char.IsAsciiDigit(tail[3]) || !char.IsAsciiDigit(tail[4])) return s;
        return string.Concat(s.AsSpan(0, s.Length - 2), ":", s.AsSpan(s.Length - 2));
    }

    public static DateTimeOffset? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        string s = text.Trim();
        // Drop the day name ("Thu, "), which is often wrong or localised.
        int comma = s.IndexOf(',');
        if (comma is > 0 and <= 10 && s[..comma].All(char.IsLetter)) s = s[(comma + 1)..].Trim();
        s = NumericZone(s);
        s = OffsetWithColon(s);
        if (Rfc822(s) is { } rfc) return rfc;
        const DateTimeStyles styles = DateTimeStyles.AllowWhiteSpaces | DateTimeStyles.AssumeUniversal;
        if (DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, styles, out var value)) return value.ToUniversalTime();
        string[] formats = ["d MMM yyyy HH:mm:ss zzz", "d MMM yyyy HH:mm zzz", "d MMM yy HH:mm:ss zzz", "d MMMM yyyy HH:mm:ss zzz", "yyyy-MM-dd HH:mm:ss", "dd.MM.yyyy HH:mm:ss", "dd.MM.yyyy HH:mm"];
        if (DateTimeOffset.TryParseExact(s, formats, CultureInfo.InvariantCulture, styles, out value)) return value.ToUniversalTime();
        return null;
    }

    private static readonly string[] Months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

    /// <summary>
    /// The form nearly every RSS feed writes, once the day name is dropped and the zone made numeric
    /// ("6 Dec 2026 08:00:00 +03:00"), read without the general parser's cost; anything else: null.
    /// </summary>
    private static DateTimeOffset? Rfc822(string s)
    {
        var p = s.AsSpan();
        int day = Digits(ref p, 1, 2);
        if (day < 0 || !Skip(ref p, ' ') || p.Length < 4) return null;
        int month = 0;
        for (int m = 0; m < Months.Length && month == 0; m++) if (p.StartsWith(Months[m], StringComparison.OrdinalIgnoreCase)) month = m + 1;
        p = p[3..];
        if (month == 0 || !Skip(ref p, ' ')) return null;
        int year = Digits(ref p, 4, 4);
        if (year < 0 || !Skip(ref p, ' ')) return null;
        int hour = Digits(ref p, 2, 2);
        if (hour < 0 || !Skip(ref p, ':')) return null;
        int minute = Digits(ref p, 2, 2);
        if (minute < 0 || !Skip(ref p, ':')) return null;
        int second = Digits(ref p, 2, 2);
        if (second < 0 || !Skip(ref p, ' ') || p.Length != 6 || p[0] is not ('+' or '-')) return null;
        int sign = p[0] == '-' ? -1 : 1;
        p = p[1..];
        int offsetHours = Digits(ref p, 2, 2);
        if (offsetHours < 0 || !Skip(ref p, ':')) return null;
        int offsetMinutes = Digits(ref p, 2, 2);
        if (offsetMinutes < 0 || offsetHours > 14 || offsetMinutes > 59 || hour > 23 || minute > 59 || second > 59 || day > DateTime.DaysInMonth(Math.Clamp(year, 1, 9999), month)) return null;
        if (year is < 1000 or > 9000 || day < 1) return null; // odd years: the general parser decides
        var offset = new TimeSpan(offsetHours, offsetMinutes, 0) * sign;
        return new DateTimeOffset(year, month, day, hour, minute, second, offset).ToUniversalTime();
    }

    private static int Digits(ref ReadOnlySpan<char> p, int min, int max)
    {
        int n = 0, value = 0;
        while (n < max && n < p.Length && char.IsAsciiDigit(p[n])) value = value * 10 + (p[n++] - '0');
        if (n < min) return -1;
        p = p[n..];
        return value;
    }

    private static bool Skip(ref ReadOnlySpan<char> p, char c)
    {
        if (p.Length == 0 || p[0] != c) return false;
        p = p[1..];
        return true;
    }
}
