using BorderAlertBot.Core.Delivery;
using BorderAlertBot.Core.Pipeline;
using BorderAlertBot.Core.Storage;

namespace BorderAlertBot.Sinks;

/// <summary>
/// The channels that receive alerts: those in configuration (each chat adapter contributes its own through
/// <see cref="IChannelSource"/>) plus those an admin registered with /settings, each with its stored
/// settings; paused and disabled ones are left out. With no chat platform configured, the console.
/// </summary>
public sealed class ConfiguredChannels(IEnumerable<IChannelSource> sources, IDestinationStore store) : IChannelDirectory
{
    public async Task<IReadOnlyList<ChannelRoute>> GetChannelsAsync(CancellationToken cancellationToken)
    {
        var sourceList = sources.ToList();
        var configured = new List<Destination>();
        foreach (var source in sourceList) configured.AddRange(await source.GetChannelsAsync(cancellationToken));
        var records = (await store.GetDestinationsAsync(cancellationToken)).ToDictionary(r => r.Destination);
        var routes = new List<ChannelRoute>();
        foreach (var destination in configured.Distinct())
        {
            records.TryGetValue(destination, out var record);
            if (record is { Status: not DestinationStatus.Active }) continue;
            routes.Add(new ChannelRoute(destination, record?.Settings ?? ChannelSettings.Default));
        }
        foreach (var record in records.Values)
        {
            bool registered = record.Settings is not null && record.Status == DestinationStatus.Active && !record.Destination.IsUser
                && record.Destination != Destination.Console && !configured.Contains(record.Destination)
                && sourceList.Any(s => s.Platform == record.Destination.Platform);
            if (registered) routes.Add(new ChannelRoute(record.Destination, record.Settings!));
        }
        if (sourceList.Count == 0) routes.Add(new ChannelRoute(Destination.Console, records.GetValueOrDefault(Destination.Console)?.Settings ?? ChannelSettings.Default));
        return routes;
    }
}
