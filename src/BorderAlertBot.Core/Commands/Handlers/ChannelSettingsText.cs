using System.Globalization;
using BorderAlertBot.Core.Delivery;
using BorderAlertBot.Core.Detection;
using BorderAlertBot.Core.Text;

namespace BorderAlertBot.Core.Commands.Handlers;

/// <summary>Channel settings as /settings reads and writes them: one change from "setting value" text, and a one-line description.</summary>
internal static class ChannelSettingsText
{
    public static (ChannelSettings? Settings, string? Error) Apply(ChannelSettings s, string setting, string value)
    {
        bool off = value.Equals("off", StringComparison.OrdinalIgnoreCase) || value.Equals("all", StringComparison.OrdinalIgnoreCase);
        switch (setting)
        {
            case "reset":
                return (ChannelSettings.Default, null);
            case "min-severity" or "severity":
                return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int sev) && sev is >= 1 and <= 5
                    ? (s with { MinSeverity = sev }, null) : (null, "min-severity takes 1 to 5.");
            case "categories" or "category":
            {
                if (off) return (s with { Categories = [] }, null);
                var list = value.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries).Select(c => c.ToLowerInvariant()).ToList();
                var bad = list.Where(c => !Categories.TryParse(c, out _)).ToList();
                return bad.Count > 0 ? (null, $"Unknown categories: {string.Join(", ", bad)}. Use {Categories.WireList} or all.")
                                     : (s with { Categories = list }, null);
            }
            case "languages" or "language":
            {
                if (off) return (s with { Languages = [] }, null);
                var given = value.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries);
                var bad = given.Where(l => Languages.KnownCode(l) is null).ToList();
                return bad.Count > 0 ? (null, $"Unknown languages: {string.Join(", ", bad)}. Use {Languages.CodeList} or all.")
                                     : (s with { Languages = given.Select(l => Languages.KnownCode(l)!).Distinct().ToList() }, null);
            }
            case "quiet" or "quiet-hours":
            {
                if (off) return (s with { QuietFromHour = null, QuietToHour = null }, null);
                var parts = value.Split('-', StringSplitOptions.TrimEntries);
                if (parts.Length == 2 && int.TryParse(parts[0], out int from) && int.TryParse(parts[1], out int to) && from is >= 0 and < 24 && to is >= 0 and < 24 && from != to)
                    return (s with { QuietFromHour = from, QuietToHour = to }, null);
                return (null, "quiet takes local hours FROM-TO, e.g. 22-07, or off.");
            }
            case "digest":
                if (off) return (s with { DigestHours = null }, null);
                return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int h) && h is >= 1 and <= 24
                    ? (s with { DigestHours = h }, null) : (null, "digest takes a number of hours from 1 to 24, or off.");
            case "utc-offset" or "timezone":
                return int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int o) && o is >= -12 and <= 14
                    ? (s with { UtcOffsetHours = o }, null) : (null, "utc-offset takes hours from -12 to 14 (Bishkek 6, Dushanbe 5).");
            default:
                return (null, $"Unknown setting '{setting}'. Use min-severity, categories, languages, quiet, digest, utc-offset or reset.");
        }
    }

    public static string Describe(ChannelSettings s) => string.Create(CultureInfo.InvariantCulture,
        $"This chat receives alerts of severity ≥ {s.MinSeverity}; categories: {ReplyFormat.ListOrAll(s.Categories)}; " +
        $"languages: {ReplyFormat.ListOrAll(s.Languages)}; " +
        $"quiet hours: {(s.QuietFromHour is int f && s.QuietToHour is int t ? $"{f:00}:00–{t:00}:00 (UTC{s.UtcOffsetHours:+0;-0})" : "off")}; " +
        $"digest: {(s.DigestHours is int d ? $"every {d} h" : "off")}.");
}
