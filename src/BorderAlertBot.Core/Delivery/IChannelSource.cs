namespace BorderAlertBot.Core.Delivery;

/// <summary>One chat platform's configured channels (Telegram chat ids, Discord channel ids).</summary>
public interface IChannelSource
{
    string Platform { get; }

    Task<IReadOnlyList<Destination>> GetChannelsAsync(CancellationToken cancellationToken);
}
