using BorderAlertBot.Core.Delivery;
using BorderAlertBot.Core.Pipeline;

namespace BorderAlertBot.Sinks;

/// <summary>
/// The channels from configuration. With no chat platform configured, alerts go to the console.
/// Chat adapters add their configured channels through <see cref="IChannelSource"/>.
/// </summary>
public sealed class ConfiguredChannels(IEnumerable<IChannelSource> sources) : IChannelDirectory
{
    public async Task<IReadOnlyList<ChannelRoute>> GetChannelsAsync(CancellationToken cancellationToken)
    {
        var routes = new List<ChannelRoute>();
        foreach (var source in sources) routes.AddRange(await source.GetChannelsAsync(cancellationToken));
        if (routes.Count == 0) routes.Add(new ChannelRoute(Destination.Console, ChannelSettings.Default));
        return routes;
    }
}

/// <summary>One platform's configured channels.</summary>
public interface IChannelSource
{
    Task<IReadOnlyList<ChannelRoute>> GetChannelsAsync(CancellationToken cancellationToken);
}
