using BorderAlertBot.Core.Alerts;

namespace BorderAlertBot.Core.Commands;

/// <summary>Who sent a command, as the platform adapter established it.</summary>
/// <param name="Platform">"telegram", "discord" or "cli".</param>
/// <param name="UserId">The platform's user id.</param>
/// <param name="ChatId">Where the command was sent (a group, channel or private chat id).</param>
/// <param name="IsPrivateChat">True for a one-to-one chat with the bot (Telegram private chat, Discord DM).</param>
/// <param name="IsAdmin">True when the caller administers ChatId (checked by the adapter against the platform).</param>
/// <param name="SpeaksForChat">True when the command was sent on behalf of a chat (UserId is then that chat's id), not by a person.</param>
/// <param name="IsOperator">True for whoever runs the bot's process (the `command` verb): a bot admin by definition.</param>
public sealed record CommandCaller(string Platform, string UserId, string ChatId, bool IsPrivateChat, bool IsAdmin, string? DisplayName = null, bool SpeaksForChat = false, bool IsOperator = false)
{
    public Speaker Speaker => new(Platform, UserId, SpeaksForChat);
}

/// <summary>A parsed command: its name without the slash, its arguments in order, and its caller.</summary>
public sealed record ChatCommand(string Name, IReadOnlyList<string> Arguments, CommandCaller Caller)
{
    public string ArgumentText => string.Join(' ', Arguments);
}

/// <summary>
/// A platform-neutral answer: text blocks (plain text; the adapter escapes and formats), alert cards the
/// adapter renders like alerts, and whether only the caller should see it.
/// </summary>
public sealed record CommandReply(IReadOnlyList<string> Blocks, IReadOnlyList<Alert> Cards, bool Ephemeral, bool IsError = false)
{
    public static CommandReply Text(string text, bool ephemeral = false) => new([text], [], ephemeral);
    public static CommandReply Error(string text) => new([text], [], Ephemeral: true, IsError: true);

    /// <summary>Plain-text rendering, for the CLI and for platforms without rich formatting.</summary>
    public string ToPlainText() => string.Join("\n\n", Blocks.Concat(Cards.Select(c =>
        $"[{c.Id}] severity {c.Severity} · {c.Category.Replace('_', ' ')} · {(c.PublishedUtc ?? c.CreatedUtc):yyyy-MM-dd HH:mm} UTC\n{c.Headline}\n{c.Summary}\n{string.Join(" ", c.Sources.Select(s => s.Url ?? s.Name))}")));
}

public enum CommandOptionType { String, Integer }

public sealed record CommandOption(string Name, string Description, CommandOptionType Type, bool Required, int? Min = null, int? Max = null);

/// <summary>One command's contract, from which adapters register slash commands (Discord) and menus (Telegram).</summary>
public sealed record CommandInfo(string Name, string Description, IReadOnlyList<CommandOption> Options, bool AdminOnly = false, bool Personal = false);
