namespace BorderAlertBot.Core.Commands;

/// <summary>The community features, once for every platform: adapters parse, call, and render the reply.</summary>
public interface ICommandService
{
    IReadOnlyList<CommandInfo> Commands { get; }

    Task<CommandReply> ExecuteAsync(ChatCommand command, CancellationToken cancellationToken);
}
