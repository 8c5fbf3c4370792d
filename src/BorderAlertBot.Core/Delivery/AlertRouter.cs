using BorderAlertBot.Core.Alerts;

namespace BorderAlertBot.Core.Delivery;

/// <summary>A channel that receives alerts, with its settings.</summary>
public sealed record ChannelRoute(Destination Destination, ChannelSettings Settings);

/// <summary>One planned delivery: now, or held for a digest sent at <see cref="NotBeforeUtc"/>.</summary>
public sealed record RoutedDelivery(Destination Destination, bool Digest = false, DateTimeOffset? NotBeforeUtc = null);

/// <summary>
/// Decides which channels an alert goes to, and when. Pure: channels, settings and the time come in,
/// planned deliveries go out. A channel takes an alert when it meets the channel's minimum severity,
/// category and language filters. In digest mode (one summary every N hours) the alert waits for the
/// next N-hour boundary of the channel's local day; during quiet hours an alert below severity 5 waits
/// for the end of the quiet hours. Held alerts are sent together as one digest message.
/// </summary>
public sealed class AlertRouter
{
    public IReadOnlyList<RoutedDelivery> Route(Alert alert, IEnumerable<ChannelRoute> channels, DateTimeOffset now)
    {
        var result = new List<RoutedDelivery>();
        foreach (var channel in channels)
        {
            if (!Accepts(channel.Settings, alert) || result.Any(r => r.Destination == channel.Destination)) continue;
            var holdUntil = HoldUntil(channel.Settings, alert, now);
            result.Add(holdUntil is null ? new RoutedDelivery(channel.Destination) : new RoutedDelivery(channel.Destination, Digest: true, holdUntil));
        }
        return result;
    }

    public static bool Accepts(ChannelSettings settings, Alert alert)
    {
        if (alert.Severity < settings.MinSeverity) return false;
        if (settings.Categories.Count > 0 && !settings.Categories.Contains(alert.Category, StringComparer.OrdinalIgnoreCase)) return false;
        if (settings.Languages.Count > 0 && alert.Language.Length > 0 && !settings.Languages.Contains(alert.Language, StringComparer.OrdinalIgnoreCase)) return false;
        return true;
    }

    /// <summary>When a held alert is released, or null to send it now.</summary>
    public static DateTimeOffset? HoldUntil(ChannelSettings settings, Alert alert, DateTimeOffset now)
    {
        var offset = TimeSpan.FromHours(settings.UtcOffsetHours);
        var local = now.ToOffset(offset);
        if (settings.DigestHours is int hours and > 0)
        {
            var dayStart = new DateTimeOffset(local.Year, local.Month, local.Day, 0, 0, 0, offset);
            int slot = (int)((local - dayStart).TotalHours / hours) + 1;
            return dayStart.AddHours(slot * hours).ToUniversalTime();
        }
        if (alert.Severity < 5 && settings.QuietFromHour is int from && settings.QuietToHour is int to && from != to && IsQuiet(local.Hour, from, to))
        {
            var end = new DateTimeOffset(local.Year, local.Month, local.Day, to, 0, 0, offset);
            if (end <= local) end = end.AddDays(1);
            return end.ToUniversalTime();
        }
        return null;
    }

    private static bool IsQuiet(int hour, int from, int to) => from < to ? hour >= from && hour < to : hour >= from || hour < to;
}
