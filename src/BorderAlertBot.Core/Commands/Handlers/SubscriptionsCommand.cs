using System.Text;
using BorderAlertBot.Core.Delivery;
using BorderAlertBot.Core.Storage;
using Microsoft.Extensions.Options;

namespace BorderAlertBot.Core.Commands.Handlers;

/// <summary>/subscriptions: the caller's subscriptions, and whether their private chat is paused.</summary>
public sealed class SubscriptionsCommand(ISubscriptionStore subscriptions, IDestinationStore destinations, IOptions<CommandOptions> options) : ICommandHandler
{
    public CommandInfo Info { get; } = new("subscriptions", "Your subscriptions", [], Personal: true);

    public async Task<CommandReply> HandleAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var caller = request.Caller;
        var list = await subscriptions.GetSubscriptionsAsync(caller.Platform, caller.UserId, cancellationToken);
        if (list.Count == 0) return CommandReply.Text("You have no subscriptions. Try /subscribe Vorukh", ephemeral: true);
        var sb = new StringBuilder($"Your subscriptions ({list.Count}/{options.Value.MaxSubscriptionsPerUser}):");
        foreach (var s in list)
            sb.Append("\n• ").Append(s.Keyword).Append(s.PlaceId is not null ? " (place)" : "").Append(s.MinSeverity > 1 ? $", severity ≥ {s.MinSeverity}" : "");
        var state = await destinations.GetDestinationAsync(caller.PrivateDestination, cancellationToken);
        if (state is { Status: not DestinationStatus.Active })
            sb.Append("\n\nPaused: the last private message could not be delivered (").Append(state.Reason).Append("). Allow messages from the bot and send any command to resume.");
        return CommandReply.Text(sb.ToString(), ephemeral: true);
    }
}
