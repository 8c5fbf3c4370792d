using BorderAlertBot.Core.Alerts;
using BorderAlertBot.Core.Delivery;

namespace BorderAlertBot.Core.Pipeline;

/// <summary>The channels that receive alerts, with their current settings (configuration plus /settings).</summary>
public interface IChannelDirectory
{
    Task<IReadOnlyList<ChannelRoute>> GetChannelsAsync(CancellationToken cancellationToken);
}

/// <summary>Users whose personal subscriptions match an alert (one destination per user).</summary>
public interface ISubscriberRouter
{
    Task<IReadOnlyList<Destination>> RouteAsync(Alert alert, CancellationToken cancellationToken);
}
