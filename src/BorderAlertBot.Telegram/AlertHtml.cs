using System.Globalization;
using System.Text;
using BorderAlertBot.Core.Alerts;

namespace BorderAlertBot.Telegram;

/// <summary>
/// One alert as a Telegram HTML message: severity marker, bold headline linking to the source, the
/// update note, summary, places with OpenStreetMap links, sources as links with their confirmation,
/// time in UTC with Bishkek and Dushanbe, story id. Every piece of feed text is escaped. Too long: the
/// summary is shortened first, so the sources and time survive.
/// </summary>
public static class AlertHtml
{
    public static string Render(Alert alert, int maxLength = TelegramHtml.MaxLength)
    {
        string html = Render(alert, alert.Summary);
        int over = TelegramHtml.VisibleLength(html) - maxLength;
        if (over > 0 && alert.Summary.Length > 0)
            html = Render(alert, TelegramHtml.Shorten(alert.Summary, Math.Max(0, alert.Summary.Length - over - 1)));
        return TelegramHtml.Truncate(html, maxLength);
    }

    public static string Marker(int severity) => severity switch
    {
        >= 5 => "🔴",
        4 => "🟠",
        3 => "🟡",
        2 => "🔵",
        _ => "⚪",
    };

    private static string Render(Alert a, string summary)
    {
        var sb = new StringBuilder();
        sb.Append(Marker(a.Severity)).Append(' ');
        if (a.IsUpdate) sb.Append("🔁 ");
        sb.Append("<b>").Append(TelegramHtml.Link(a.Headline, a.PrimaryUrl)).Append("</b>\n");
        sb.Append(CultureInfo.InvariantCulture, $"<i>Severity {Math.Clamp(a.Severity, 1, 5)}/5 · {TelegramHtml.Escape(a.Category.Replace('_', ' '))}</i>\n");
        if (a.IsUpdate && !string.IsNullOrWhiteSpace(a.Change))
            sb.Append("<b>UPDATE:</b> ").Append(TelegramHtml.Escape(a.Change)).Append('\n');
        if (summary.Length > 0) sb.Append('\n').Append(TelegramHtml.Escape(summary)).Append('\n');
        sb.Append('\n');
        if (a.Places.Count > 0)
            sb.Append("📍 ").Append(string.Join(", ", a.Places.Select(Place))).Append('\n');
        if (a.Sources.Count > 0)
            sb.Append("📰 ").Append(string.Join(", ", a.Sources.Select(s => TelegramHtml.Link(s.Name, s.Url))))
              .Append(" <i>(").Append(TelegramHtml.Escape(a.Confirmation)).Append(")</i>\n");
        var when = (a.PublishedUtc ?? a.CreatedUtc).ToUniversalTime();
        sb.Append(CultureInfo.InvariantCulture, $"🕒 {when:yyyy-MM-dd HH:mm} UTC · {TelegramHtml.Escape(Alert.LocalTimes(when))}\n");
        sb.Append("Story <code>").Append(TelegramHtml.Escape(a.StoryId)).Append("</code>");
        return sb.ToString();
    }

    /// <summary>The place's map link (the gazetteer's OpenStreetMap URL at its coordinates).</summary>
    private static string Place(AlertPlace p)
    {
        string name = string.IsNullOrWhiteSpace(p.Side) ? p.Name : $"{p.Name} ({p.Side})";
        return TelegramHtml.Link(name, p.MapUrl);
    }
}
