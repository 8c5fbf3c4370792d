namespace BorderAlertBot.Core.Delivery;

/// <summary>Tells the operator about the bot's own health (a feed deactivated or stale).</summary>
public interface IAdminNotifier
{
    Task NotifyAsync(string message, CancellationToken cancellationToken);
}
