using BorderAlertBot.Core.Detection;
using BorderAlertBot.Core.Storage;
using BorderAlertBot.Core.Alerts;

namespace BorderAlertBot.Core.Commands.Handlers;

/// <summary>/latest [count] [place]: the newest alerts, optionally only those naming a place (any spelling).</summary>
public sealed class LatestCommand(IAlertStore alerts, BorderDetector detector, TimeProvider time) : ICommandHandler
{
    public CommandInfo Info { get; } = new("latest", "Recent border alerts, newest first, optionally near one place",
        [new("count", "How many (1-20, default 5)", CommandOptionType.Integer, false, 1, 20), new("place", "A village, district or checkpoint, any spelling", CommandOptionType.String, false)]);

    public async Task<CommandReply> HandleAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        int count = 5;
        var args = request.Arguments.ToList();
        if (args.Count > 0 && ReplyFormat.TryNumber(args[0], out int n))
        {
            count = Math.Clamp(n, 1, 20);
            args.RemoveAt(0);
        }
        string placeText = string.Join(' ', args);
        IReadOnlyList<PlaceRef> places = [];
        if (placeText.Length > 0)
        {
            places = detector.FindPlaces(placeText);
            if (places.Count == 0) return CommandReply.Error($"I don't know a border place called “{placeText}”. Try another spelling, e.g. Vorukh, Batken, Isfara.");
        }
        var ids = places.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        var found = (await alerts.GetRecentAlertsAsync(time.GetUtcNow().AddDays(-90), 500, cancellationToken))
            .Where(a => ids.Count == 0 || a.Places.Any(p => ids.Contains(p.Id)))
            .Take(count).ToList();
        string near = string.Join(", ", places.Select(p => p.Name));
        if (found.Count == 0)
            return CommandReply.Text(places.Count > 0 ? $"No recent alerts near {near}." : "No alerts yet.");
        string title = places.Count > 0 ? $"Latest {ReplyFormat.Count(found.Count, "alert")} near {near}:" : $"Latest {ReplyFormat.Count(found.Count, "alert")}:";
        return new CommandReply([title], found, Ephemeral: false);
    }
}
