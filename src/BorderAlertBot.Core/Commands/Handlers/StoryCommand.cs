using System.Globalization;
using System.Text;
using BorderAlertBot.Core.Storage;
using BorderAlertBot.Core.Alerts;

namespace BorderAlertBot.Core.Commands.Handlers;

/// <summary>/story &lt;id&gt;: one story with every source that told it and its updates.</summary>
public sealed class StoryCommand(IAlertStore alerts) : ICommandHandler
{
    public CommandInfo Info { get; } = new("story", "One story with all its sources and updates",
        [new("id", "Story id, e.g. s-7k2m9xq4", CommandOptionType.String, true)]);

    public async Task<CommandReply> HandleAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        string id = request.Arguments[0];
        var story = await alerts.GetStoryAlertsAsync(id.Trim(), cancellationToken);
        if (story.Count == 0) return CommandReply.Error($"No story with id {id}.");
        var first = story[0];
        var latest = story[^1];
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"Story {first.StoryId}: {first.Headline}\n");
        sb.Append(CultureInfo.InvariantCulture, $"Severity {story.Max(a => a.Severity)} · {latest.Confirmation}\n");
        sb.Append("Sources:");
        foreach (var s in story.SelectMany(a => a.Sources).DistinctBy(s => (s.Name, s.Url)))
            sb.Append("\n• ").Append(s.Name).Append(s.Url is null ? "" : " " + s.Url);
        var updates = story.Where(a => a.IsUpdate).ToList();
        if (updates.Count > 0)
        {
            sb.Append("\nUpdates:");
            foreach (var u in updates) sb.Append(CultureInfo.InvariantCulture, $"\n• {ReplyFormat.Minute(u.CreatedUtc)} UTC: {u.Change}");
        }
        return new CommandReply([sb.ToString()], story, Ephemeral: false);
    }
}
