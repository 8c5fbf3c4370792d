namespace BorderAlertBot.Core.Delivery;

/// <summary>
/// One chat platform's configured channels (Telegram chat ids, Discord channel ids). Lives in Core so an
/// adapter project, which references only Core, can contribute its channels to the host's directory.
/// </summary>
public interface IChannelSource
{
    string Platform { get; }

    Task<IReadOnlyList<Destination>> GetChannelsAsync(CancellationToken cancellationToken);
}
