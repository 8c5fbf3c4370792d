using BorderAlertBot.Core.Alerts;
using BorderAlertBot.Core.Detection;
using BorderAlertBot.Core.Storage;
using BorderAlertBot.Core.Text;

namespace BorderAlertBot.Core.Commands.Handlers;

/// <summary>/search &lt;query&gt; [days]: alerts naming a place or containing a word (folded: any script, any inflection), one card per story.</summary>
public sealed class SearchCommand(IAlertStore alerts, BorderDetector detector, TimeProvider time) : ICommandHandler
{
    public CommandInfo Info { get; } = new("search", "Find alerts and stories by words or places (any script)",
        [new("query", "Words or a place name, e.g. Vorukh or Ворух", CommandOptionType.String, true), new("days", "How far back (1-90, default 7)", CommandOptionType.Integer, false, 1, 90)]);

    public async Task<CommandReply> HandleAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var args = request.Arguments.ToList();
        int days = 7;
        if (args.Count > 1 && ReplyFormat.TryNumber(args[^1], out int d))
        {
            days = Math.Clamp(d, 1, 90);
            args.RemoveAt(args.Count - 1);
        }
        string query = string.Join(' ', args).Trim();
        string key = BorderDetector.Key(query);
        if (ReplyFormat.TooShort(query, key, "Search for at least two letters.") is { } tooShort) return CommandReply.Error(tooShort);
        var placeIds = detector.FindPlaces(query).Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        var hits = (await alerts.GetRecentAlertsAsync(time.GetUtcNow().AddDays(-days), 2000, cancellationToken))
            .Where(a => a.Places.Any(p => placeIds.Contains(p.Id)) || Matches(a, key))
            .GroupBy(a => a.StoryId).Select(g => g.First())   // one card per story
            .Take(10).ToList();
        if (hits.Count == 0) return CommandReply.Text($"Nothing about “{query}” in the last {days} days.");
        return new CommandReply([$"{ReplyFormat.Count(hits.Count, "story", "stories")} about “{query}” in the last {ReplyFormat.Count(days, "day")}:"], hits, Ephemeral: false);
    }

    private static bool Matches(Alert alert, string key)
    {
        string folded = " " + TextFolder.Fold(string.Join(" | ", new[] { alert.Headline, alert.Summary }
            .Concat(alert.Places.Select(p => p.Name)).Concat(alert.Actors).Concat(alert.Sources.Select(s => s.Name))));
        return folded.Contains(" " + key, StringComparison.Ordinal);
    }
}
