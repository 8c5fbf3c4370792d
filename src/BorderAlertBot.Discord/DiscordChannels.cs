using BorderAlertBot.Core.Delivery;
using Microsoft.Extensions.Options;

namespace BorderAlertBot.Discord;

/// <summary>The channels in BorderAlert:Discord:ChannelIds, as destinations "discord:&lt;id&gt;".</summary>
public sealed class DiscordChannels(IOptions<DiscordOptions> options) : IChannelSource
{
    public string Platform => DiscordSink.PlatformName;

    public Task<IReadOnlyList<Destination>> GetChannelsAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Destination>>(options.Value.ChannelIds
            .Where(id => !string.IsNullOrWhiteSpace(id))
            .Select(id => Destination.ChatOf(DiscordSink.PlatformName, id.Trim()))
            .Distinct()
            .ToList());
}
