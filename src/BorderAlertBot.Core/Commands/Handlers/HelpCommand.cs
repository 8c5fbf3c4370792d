using System.Text;

namespace BorderAlertBot.Core.Commands.Handlers;

/// <summary>/help: every command with its usage and a one-line description, from the catalog.</summary>
public sealed class HelpCommand : ICommandHandler
{
    public CommandInfo Info { get; } = new("help", "Every command with a one-line description", []);

    public Task<CommandReply> HandleAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var sb = new StringBuilder("BorderAlertBot: Kyrgyz–Tajik border news alerts.\n");
        foreach (var c in request.Catalog.All) sb.Append('\n').Append(c.Usage).Append(" — ").Append(c.Description);
        return Task.FromResult(CommandReply.Text(sb.ToString()));
    }
}
