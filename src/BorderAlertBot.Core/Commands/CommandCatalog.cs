namespace BorderAlertBot.Core.Commands;

/// <summary>
/// Every command with its options, built from the registered handlers in registration order: the single
/// source for /help, Telegram's menu and Discord's slash commands.
/// </summary>
public sealed class CommandCatalog
{
    private readonly Dictionary<string, ICommandHandler> _byName;

    public CommandCatalog(IEnumerable<ICommandHandler> handlers)
    {
        var list = handlers.ToList();
        _byName = list.ToDictionary(h => h.Info.Name, StringComparer.Ordinal);
        All = list.Select(h => h.Info).ToList();
    }

    public IReadOnlyList<CommandInfo> All { get; }

    public ICommandHandler? Find(string name) => _byName.GetValueOrDefault(name);
}
