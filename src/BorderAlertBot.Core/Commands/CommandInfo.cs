namespace BorderAlertBot.Core.Commands;

/// <summary>One command's contract, from which adapters register slash commands (Discord) and menus (Telegram).</summary>
public sealed record CommandInfo(string Name, string Description, IReadOnlyList<CommandOption> Options, bool AdminOnly = false, bool Personal = false)
{
    /// <summary>"/search &lt;query&gt; [days]": required options in angle brackets, optional ones in square brackets.</summary>
    public string Usage => "/" + Name + string.Concat(Options.Select(o => o.Required ? $" <{o.Name}>" : $" [{o.Name}]"));
}

/// <summary>One argument of a command, in the order the command takes them.</summary>
public sealed record CommandOption(string Name, string Description, CommandOptionType Type, bool Required, int? Min = null, int? Max = null);

public enum CommandOptionType { String, Integer }
