using System.Globalization;
using System.Text;
using BorderAlertBot.Core.Storage;
using BorderAlertBot.Core.Feeds;

namespace BorderAlertBot.Core.Commands.Handlers;

/// <summary>/sources: every configured feed with its health.</summary>
public sealed class SourcesCommand(IFeedStore feeds) : ICommandHandler
{
    public CommandInfo Info { get; } = new("sources", "The news feeds and their health", []);

    public async Task<CommandReply> HandleAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var all = await feeds.GetFeedsAsync(cancellationToken);
        var sb = new StringBuilder($"{all.Count} feeds ({all.Count(f => f.Active && f.ConsecutiveFailures == 0)} healthy):");
        foreach (var f in all)
        {
            string state = !f.Active ? "off: " + f.DeactivatedReason : f.ConsecutiveFailures > 0 ? $"failing ×{f.ConsecutiveFailures}: {f.LastError}" : f.Stale ? "stale" : "ok";
            sb.Append(CultureInfo.InvariantCulture, $"\n• {f.Name} ({f.Id}): {state}; last success {(f.LastSuccessUtc is { } s ? ReplyFormat.Minute(s) : "never")}");
            if (f.ConsecutiveFailures > 0 && f.BackoffUntilUtc is { } b) sb.Append(CultureInfo.InvariantCulture, $", retry after {ReplyFormat.Minute(b)}");
        }
        return CommandReply.Text(sb.ToString());
    }
}
