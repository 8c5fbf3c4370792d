using BorderAlertBot.Core.Alerts;
using BorderAlertBot.Core.Stories;

namespace BorderAlertBot.Core.Commands.Handlers;

/// <summary>/story &lt;id&gt;: one story with every source that told it, its updates and related stories.</summary>
public sealed class StoryCommand(IAlertStore alerts, IStoryStore stories) : ICommandHandler
{
    public CommandInfo Info { get; } = new("story", "One story with all its sources and updates",
        [new("id", "Story id, e.g. s-7k2m9xq4", CommandOptionType.String, true)]);

    public async Task<CommandReply> HandleAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        string id = request.Arguments[0].Trim();
        var told = await alerts.GetStoryAlertsAsync(id, cancellationToken);
        var story = await stories.GetStoryAsync(id, cancellationToken);
        if (story is null && told.Count == 0) return CommandReply.Error($"No story with id {id}.");
        // A story pruned from the store still has its alerts: show what they carried.
        story ??= new StoryState
        {
            Id = id, FirstAlertId = told[0].Id, FirstSeenUtc = told[0].PublishedUtc ?? told[0].CreatedUtc,
            LastReportUtc = told[^1].PublishedUtc ?? told[^1].CreatedUtc, Severity = told.Max(a => a.Severity),
            Categories = told.Select(a => a.Category).Distinct().ToArray(), PlaceIds = [], Signature = "",
            Sources = told.SelectMany(a => a.Sources).DistinctBy(s => (s.FeedId, s.Url)).ToArray(), Headline = told[0].Headline,
        };
        var related = new List<StoryState>();
        foreach (string r in story.Related)
            if (await stories.GetStoryAsync(r, cancellationToken) is { } other) related.Add(other);
        return new CommandReply([StoryReport.Format(story, told, related)], told, Ephemeral: false);
    }
}
