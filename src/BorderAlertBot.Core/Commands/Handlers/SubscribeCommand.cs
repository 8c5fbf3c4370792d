using BorderAlertBot.Core.Delivery;
using BorderAlertBot.Core.Detection;
using BorderAlertBot.Core.Storage;
using Microsoft.Extensions.Options;

namespace BorderAlertBot.Core.Commands.Handlers;

/// <summary>
/// /subscribe &lt;keyword&gt; [min_severity]: a private notification when an alert names the keyword or place.
/// Abuse limits: validated keywords, at most <see cref="CommandOptions.MaxSubscriptionsPerUser"/> per user.
/// </summary>
public sealed class SubscribeCommand(
    ISubscriptionStore subscriptions,
    IDestinationStore destinations,
    BorderDetector detector,
    IOptions<CommandOptions> options,
    TimeProvider time) : ICommandHandler
{
    public CommandInfo Info { get; } = new("subscribe", "Get a private message when an alert mentions a keyword or place",
        [new("keyword", "A keyword or place, e.g. Vorukh, mortar, checkpoint", CommandOptionType.String, true), new("min_severity", "Only alerts at least this severe (1-5)", CommandOptionType.Integer, false, 1, 5)],
        Personal: true);

    public async Task<CommandReply> HandleAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var args = request.Arguments.ToList();
        int minSeverity = 1;
        if (args.Count > 1 && ReplyFormat.TryNumber(args[^1], out int sev))
        {
            if (sev is < 1 or > 5) return CommandReply.Error("Severity is 1 (background) to 5 (deaths, heavy weapons).");
            minSeverity = sev;
            args.RemoveAt(args.Count - 1);
        }
        string keyword = string.Join(' ', args).Trim();
        string? problem = ValidateKeyword(keyword);
        if (problem is not null) return CommandReply.Error(problem);
        var caller = request.Caller;
        var existing = await subscriptions.GetSubscriptionsAsync(caller.Platform, caller.UserId, cancellationToken);
        // At the cap, a keyword already held is an answer ("already subscribed"), not a refusal.
        string matchKey = BorderDetector.Key(keyword);
        if (existing.Count >= options.Value.MaxSubscriptionsPerUser && existing.Any(s => s.MatchKey == matchKey))
            return CommandReply.Text($"You are already subscribed to “{keyword}”.", ephemeral: true);
        if (existing.Count >= options.Value.MaxSubscriptionsPerUser)
            return CommandReply.Error($"You have {ReplyFormat.Count(existing.Count, "subscription")}, the most allowed. Remove one with /unsubscribe first.");
        var places = detector.FindPlaces(keyword);
        // A keyword that is a place name (in any spelling) follows the place, not the letters.
        var place = places.Count == 1 && BorderDetector.Key(places[0].Name).Length > 0 ? places[0] : null;
        var destination = caller.PrivateDestination;
        bool added = await subscriptions.AddSubscriptionAsync(new Subscription
        {
            Platform = caller.Platform,
            UserId = caller.UserId,
            Destination = destination,
            Keyword = keyword,
            MatchKey = matchKey,
            PlaceId = place?.Id,
            MinSeverity = minSeverity,
            CreatedUtc = time.GetUtcNow(),
        }, cancellationToken);
        // Writing to the bot again lifts a pause (the user had blocked the bot or closed DMs).
        var state = await destinations.GetDestinationAsync(destination, cancellationToken);
        if (state is { Status: DestinationStatus.Paused })
            await destinations.SetDestinationStatusAsync(destination, DestinationStatus.Active, null, time.GetUtcNow(), cancellationToken);
        if (!added) return CommandReply.Text($"You are already subscribed to “{keyword}”.", ephemeral: true);
        string what = place is not null ? $"the place {place.Name} (any spelling)" : $"“{keyword}”";
        string where = caller.IsPrivateChat || caller.Platform == "cli" ? "here" : "in a private message (start a private chat with the bot if you have not)";
        return CommandReply.Text($"Subscribed to {what}{(minSeverity > 1 ? $" at severity {minSeverity} and above" : "")}. Matching alerts will reach you {where}.", ephemeral: true);
    }

    private string? ValidateKeyword(string keyword)
    {
        if (keyword.Length == 0) return "Subscribe to what? e.g. /subscribe Vorukh, /subscribe mortar 4";
        if (keyword.Length > options.Value.MaxKeywordLength) return $"That keyword is too long (at most {options.Value.MaxKeywordLength} characters).";
        if (keyword.Any(char.IsControl)) return "The keyword has control characters.";
        if (keyword.Contains('@') || keyword.Contains('<') || keyword.Contains('>')) return "Keywords are words or place names, without @, < or >.";
        return ReplyFormat.TooShort(keyword, BorderDetector.Key(keyword), "The keyword needs at least two letters or digits.");
    }
}
