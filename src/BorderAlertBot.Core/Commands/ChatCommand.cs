namespace BorderAlertBot.Core.Commands;

/// <summary>A parsed command: its name without the slash, its arguments in order, and its caller.</summary>
public sealed record ChatCommand(string Name, IReadOnlyList<string> Arguments, CommandCaller Caller)
{
    public string ArgumentText => string.Join(' ', Arguments);
}
