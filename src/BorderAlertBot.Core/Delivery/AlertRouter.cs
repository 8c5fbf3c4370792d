using BorderAlertBot.Core.Alerts;

namespace BorderAlertBot.Core.Delivery;

/// <summary>A channel that receives alerts, with its settings.</summary>
public sealed record ChannelRoute(Destination Destination, ChannelSettings Settings);

/// <summary>Decides which destinations an alert goes to. Pure: channels and subscriptions come in, destinations go out.</summary>
public sealed class AlertRouter
{
    public IReadOnlyList<Destination> Route(Alert alert, IEnumerable<ChannelRoute> channels)
    {
        var result = new List<Destination>();
        foreach (var channel in channels)
            if (Accepts(channel.Settings, alert) && !result.Contains(channel.Destination))
                result.Add(channel.Destination);
        return result;
    }

    public static bool Accepts(ChannelSettings settings, Alert alert)
    {
        if (alert.Severity < settings.MinSeverity) return false;
        if (settings.Categories.Count > 0 && !settings.Categories.Contains(alert.Category, StringComparer.OrdinalIgnoreCase)) return false;
        if (settings.Languages.Count > 0 && alert.Language.Length > 0 && !settings.Languages.Contains(alert.Language, StringComparer.OrdinalIgnoreCase)) return false;
        return true;
    }
}
