namespace BorderAlertBot.Core.Commands;

/// <summary>
/// One chat command: its catalog entry (name, help, arguments, permission) and what it does. The
/// dispatcher has already checked the rate limit, the admin permission and the required arguments.
/// A new command is one handler class plus one line in <see cref="CommandRegistration"/>.
/// </summary>
public interface ICommandHandler
{
    CommandInfo Info { get; }

    Task<CommandReply> HandleAsync(CommandRequest request, CancellationToken cancellationToken);
}
