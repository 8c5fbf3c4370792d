using BorderAlertBot.Core.Detection;
using BorderAlertBot.Core.Storage;
using BorderAlertBot.Core.Delivery;

namespace BorderAlertBot.Core.Commands.Handlers;

/// <summary>/unsubscribe &lt;keyword|all&gt;: removes one of the caller's subscriptions, or all of them.</summary>
public sealed class UnsubscribeCommand(ISubscriptionStore subscriptions) : ICommandHandler
{
    public CommandInfo Info { get; } = new("unsubscribe", "Stop a subscription, or all of them",
        [new("keyword", "The keyword or place, or all", CommandOptionType.String, true)], Personal: true);

    public async Task<CommandReply> HandleAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        string keyword = request.ArgumentText.Trim();
        var caller = request.Caller;
        if (keyword.Equals("all", StringComparison.OrdinalIgnoreCase))
        {
            int removed = await subscriptions.RemoveSubscriptionsAsync(caller.Platform, caller.UserId, null, cancellationToken);
            return CommandReply.Text(removed == 0 ? "You had no subscriptions." : $"Removed {(removed == 1 ? "your one subscription" : $"all {removed} subscriptions")}.", ephemeral: true);
        }
        int n = await subscriptions.RemoveSubscriptionsAsync(caller.Platform, caller.UserId, BorderDetector.Key(keyword), cancellationToken);
        return n > 0 ? CommandReply.Text($"Unsubscribed from “{keyword}”.", ephemeral: true)
                     : CommandReply.Error($"You are not subscribed to “{keyword}”. See /subscriptions.");
    }
}
