namespace BorderAlertBot.Core.Commands;

/// <summary>
/// The community commands, once for every platform: finds the handler, applies the checks every command
/// shares (per-user rate, admin-only, required arguments), and returns the handler's platform-neutral reply.
/// </summary>
public sealed class CommandDispatcher(IEnumerable<ICommandHandler> handlers, CommandRateLimiter rateLimiter) : ICommandService
{
    private readonly CommandCatalog _catalog = new(handlers);

    public IReadOnlyList<CommandInfo> Commands => _catalog.All;

    public async Task<CommandReply> ExecuteAsync(ChatCommand command, CancellationToken cancellationToken)
    {
        var handler = _catalog.Find(command.Name);
        if (handler is null) return CommandReply.Error($"Unknown command /{command.Name}. Send /help for the list.");
        if (!rateLimiter.TryAcquire(command.Caller)) return CommandReply.Error("Too many commands: please wait a minute.");
        var info = handler.Info;
        if (info.AdminOnly && !command.Caller.IsAdmin)
            return CommandReply.Error($"/{command.Name} changes this chat's settings and is for its admins only.");
        var missing = info.Options.Where((o, i) => o.Required && command.Arguments.Count <= i).Select(o => o.Name).FirstOrDefault();
        if (missing is not null) return CommandReply.Error($"/{command.Name} needs a {missing}. Usage: {info.Usage}");
        return await handler.HandleAsync(new CommandRequest(command, _catalog), cancellationToken);
    }
}
