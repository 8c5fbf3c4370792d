namespace BorderAlertBot.Core.Commands;

/// <summary>A command as a handler receives it: the command, and the catalog of all commands (for /help).</summary>
public sealed record CommandRequest(ChatCommand Command, CommandCatalog Catalog)
{
    public IReadOnlyList<string> Arguments => Command.Arguments;
    public CommandCaller Caller => Command.Caller;
    public string ArgumentText => Command.ArgumentText;
}
