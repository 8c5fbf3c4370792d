using BorderAlertBot.Core.Delivery;
using BorderAlertBot.Core.Storage;
using Microsoft.Extensions.Options;

namespace BorderAlertBot.Telegram;

/// <summary>
/// The chats listed in BorderAlert:Telegram:ChatIds, each followed to its new id when the group became
/// a supergroup (the sink records such moves), so the next alert goes where the chat now is.
/// </summary>
public sealed class TelegramChannelSource(IOptions<TelegramOptions> options, ISettingsStore store) : IChannelSource
{
    public string Platform => TelegramSink.PlatformName;

    public async Task<IReadOnlyList<Destination>> GetChannelsAsync(CancellationToken cancellationToken)
    {
        var result = new List<Destination>();
        foreach (string entry in options.Value.ChatIds)
        {
            if (!TelegramTarget.TryParse(entry, out var target)) continue;
            // Follow moves (a chain is possible in principle; bounded to stay safe from cycles).
            for (int hop = 0; hop < 5 && await store.GetValueAsync(TelegramSink.MovedKeyPrefix + target.Chat, cancellationToken) is { } moved; hop++)
                target = target with { Chat = moved };
            var destination = target.ToDestination();
            if (!result.Contains(destination)) result.Add(destination);
        }
        return result;
    }
}
