using System.Collections.Concurrent;
using BorderAlertBot.Core.Commands;

namespace BorderAlertBot.Tests.Telegram;

/// <summary>A stand-in for the real CommandService: records each command and answers /help, /subscribe, /settings, /latest.</summary>
public sealed class RecordingCommandService : ICommandService
{
    public ConcurrentQueue<ChatCommand> Calls { get; } = new();

    /// <summary>When set, a command waits on it (to stop the service mid-update).</summary>
    public Func<ChatCommand, CancellationToken, Task>? Gate { get; set; }

    public IReadOnlyList<CommandInfo> Commands { get; } =
    [
        new("help", "What the bot can do", []),
        new("latest", "The latest alerts", [new CommandOption("count", "How many", CommandOptionType.Integer, false, 1, 10)]),
        new("subscribe", "Notify me about a place or keyword", [new CommandOption("keyword", "A village or word", CommandOptionType.String, true)], Personal: true),
        new("settings", "Channel settings", [], AdminOnly: true),
        new("Bad-Name", "not a Telegram command name", []),
    ];

    public async Task<CommandReply> ExecuteAsync(ChatCommand command, CancellationToken cancellationToken)
    {
        Calls.Enqueue(command);
        if (Gate is { } gate) await gate(command, cancellationToken);
        return command.Name switch
        {
            "help" => CommandReply.Text("Use <b>/latest</b> & /subscribe"),
            "subscribe" => CommandReply.Text($"Subscribed to {command.ArgumentText}", ephemeral: true),
            "settings" when !command.Caller.IsAdmin => CommandReply.Error("Only admins can change settings."),
            _ => CommandReply.Text($"{command.Name} ok"),
        };
    }
}
