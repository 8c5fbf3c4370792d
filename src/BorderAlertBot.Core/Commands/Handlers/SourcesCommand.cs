using BorderAlertBot.Core.Storage;
using BorderAlertBot.Core.Feeds;

namespace BorderAlertBot.Core.Commands.Handlers;

/// <summary>/sources: every source with its id, address, health and who added it.</summary>
public sealed class SourcesCommand(IFeedStore feeds) : ICommandHandler
{
    public CommandInfo Info { get; } = new("sources", "The news feeds: id, address, health, who added them", []);

    public async Task<CommandReply> HandleAsync(CommandRequest request, CancellationToken cancellationToken) =>
        CommandReply.Text(SourceList.Describe(await feeds.GetFeedsAsync(cancellationToken)));
}
