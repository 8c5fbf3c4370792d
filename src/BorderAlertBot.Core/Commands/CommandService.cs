using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using BorderAlertBot.Core.Alerts;
using BorderAlertBot.Core.Delivery;
using BorderAlertBot.Core.Detection;
using BorderAlertBot.Core.Storage;
using BorderAlertBot.Core.Stories;
using Microsoft.Extensions.Options;

namespace BorderAlertBot.Core.Commands;

/// <summary>
/// The community commands, once for every platform. No I/O of its own beyond the store: it takes a
/// parsed command with its caller and returns a platform-neutral reply. Abuse limits: a per-user command
/// rate, a cap on subscriptions per user, validated keywords, admin-only settings.
/// </summary>
public sealed class CommandService(
    IAlertStore store,
    BorderDetector detector,
    IOptions<CommandOptions> options,
    TimeProvider time,
    SourceCommand? sourceCommand = null) : ICommandService
{
    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> _recent = new(StringComparer.Ordinal);
    private readonly DateTimeOffset _started = time.GetUtcNow();

    public IReadOnlyList<CommandInfo> Commands => CommandCatalog.All;

    public async Task<CommandReply> ExecuteAsync(ChatCommand command, CancellationToken cancellationToken)
    {
        var info = CommandCatalog.All.FirstOrDefault(c => c.Name == command.Name);
        if (info is null) return CommandReply.Error($"Unknown command /{command.Name}. Send /help for the list.");
        if (!WithinRate(command.Caller)) return CommandReply.Error("Too many commands: please wait a minute.");
        if (info.AdminOnly && !command.Caller.IsAdmin)
            return CommandReply.Error($"/{command.Name} changes this chat's settings and is for its admins only.");
        var missing = info.Options.Where((o, i) => o.Required && command.Arguments.Count <= i).Select(o => o.Name).FirstOrDefault();
        if (missing is not null) return CommandReply.Error($"/{command.Name} needs a {missing}. Usage: {Usage(info)}");

        return command.Name switch
        {
            "help" => Help(),
            "latest" => await LatestAsync(command, cancellationToken),
            "search" => await SearchAsync(command, cancellationToken),
            "story" => await StoryAsync(command.Arguments[0], cancellationToken),
            "why" => await WhyAsync(command.Arguments[0], cancellationToken),
            "subscribe" => await SubscribeAsync(command, cancellationToken),
            "unsubscribe" => await UnsubscribeAsync(command, cancellationToken),
            "subscriptions" => await SubscriptionsAsync(command.Caller, cancellationToken),
            "sources" => await SourcesAsync(cancellationToken),
            "source" when sourceCommand is not null => await sourceCommand.HandleAsync(command, cancellationToken),
            "status" => await StatusAsync(cancellationToken),
            "settings" => await SettingsAsync(command, cancellationToken),
            _ => CommandReply.Error($"Unknown command /{command.Name}."),
        };
    }

    private static string Usage(CommandInfo info) =>
        "/" + info.Name + string.Concat(info.Options.Select(o => o.Required ? $" <{o.Name}>" : $" [{o.Name}]"));

    private CommandReply Help()
    {
        var sb = new StringBuilder("BorderAlertBot: Kyrgyz–Tajik border news alerts.\n");
        foreach (var c in CommandCatalog.All) sb.Append('\n').Append(Usage(c)).Append(" — ").Append(c.Description);
        return CommandReply.Text(sb.ToString());
    }

    private bool WithinRate(CommandCaller caller)
    {
        var now = time.GetUtcNow();
        var queue = _recent.GetOrAdd(caller.Platform + ":" + caller.UserId, _ => new Queue<DateTimeOffset>());
        lock (queue)
        {
            while (queue.Count > 0 && now - queue.Peek() > TimeSpan.FromMinutes(1)) queue.Dequeue();
            if (queue.Count >= options.Value.RatePerMinute) return false;
            queue.Enqueue(now);
            return true;
        }
    }

    // ---- reading alerts ----

    private async Task<CommandReply> LatestAsync(ChatCommand command, CancellationToken ct)
    {
        int count = 5;
        var args = command.Arguments.ToList();
        if (args.Count > 0 && int.TryParse(args[0], NumberStyles.None, CultureInfo.InvariantCulture, out int n))
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
        var alerts = (await store.GetRecentAlertsAsync(time.GetUtcNow().AddDays(-90), 500, ct))
            .Where(a => ids.Count == 0 || a.Places.Any(p => ids.Contains(p.Id)))
            .Take(count).ToList();
        if (alerts.Count == 0)
            return CommandReply.Text(places.Count > 0 ? $"No recent alerts near {string.Join(", ", places.Select(p => p.Name))}." : "No alerts yet.");
        string title = places.Count > 0 ? $"Latest {alerts.Count} alerts near {string.Join(", ", places.Select(p => p.Name))}:" : $"Latest {alerts.Count} alerts:";
        return new CommandReply([title], alerts, Ephemeral: false);
    }

    private async Task<CommandReply> SearchAsync(ChatCommand command, CancellationToken ct)
    {
        var args = command.Arguments.ToList();
        int days = 7;
        if (args.Count > 1 && int.TryParse(args[^1], NumberStyles.None, CultureInfo.InvariantCulture, out int d))
        {
            days = Math.Clamp(d, 1, 90);
            args.RemoveAt(args.Count - 1);
        }
        string query = string.Join(' ', args).Trim();
        string key = BorderDetector.Key(query);
        if (key.Length < 2) return CommandReply.Error("Search for at least two letters.");
        var placeIds = detector.FindPlaces(query).Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        var hits = (await store.GetRecentAlertsAsync(time.GetUtcNow().AddDays(-days), 2000, ct))
            .Where(a => a.Places.Any(p => placeIds.Contains(p.Id)) || Matches(a, key))
            .GroupBy(a => a.StoryId).Select(g => g.First())   // one card per story
            .Take(10).ToList();
        if (hits.Count == 0) return CommandReply.Text($"Nothing about “{query}” in the last {days} days.");
        return new CommandReply([$"{hits.Count} stories about “{query}” in the last {days} days:"], hits, Ephemeral: false);
    }

    private static bool Matches(Alert alert, string key)
    {
        string folded = " " + Text.TextFolder.Fold(string.Join(" | ", new[] { alert.Headline, alert.Summary }
            .Concat(alert.Places.Select(p => p.Name)).Concat(alert.Actors).Concat(alert.Sources.Select(s => s.Name))));
        return folded.Contains(" " + key, StringComparison.Ordinal);
    }

    private async Task<CommandReply> StoryAsync(string id, CancellationToken ct)
    {
        id = id.Trim();
        var alerts = await store.GetStoryAlertsAsync(id, ct);
        var story = await store.GetStoryAsync(id, ct);
        if (story is null && alerts.Count == 0) return CommandReply.Error($"No story with id {id}.");
        // A story pruned from the store still has its alerts: show what they carried.
        story ??= new StoryState
        {
            Id = id, FirstAlertId = alerts[0].Id, FirstSeenUtc = alerts[0].PublishedUtc ?? alerts[0].CreatedUtc,
            LastReportUtc = alerts[^1].PublishedUtc ?? alerts[^1].CreatedUtc, Severity = alerts.Max(a => a.Severity),
            Categories = alerts.Select(a => a.Category).Distinct().ToArray(), PlaceIds = [], Signature = "",
            Sources = alerts.SelectMany(a => a.Sources).DistinctBy(s => (s.FeedId, s.Url)).ToArray(), Headline = alerts[0].Headline,
        };
        var related = new List<StoryState>();
        foreach (string r in story.Related)
            if (await store.GetStoryAsync(r, ct) is { } other) related.Add(other);
        return new CommandReply([StoryReport.Format(story, alerts, related)], alerts, Ephemeral: false);
    }

    private async Task<CommandReply> WhyAsync(string id, CancellationToken ct)
    {
        var alert = await store.GetAlertAsync(id.Trim(), ct);
        if (alert is null) return CommandReply.Error($"No alert with id {id}.");
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"Alert {alert.Id}: {alert.Headline}\n");
        sb.Append(CultureInfo.InvariantCulture, $"Relevant (score {alert.Score:0.00}), category {alert.Category}, severity {alert.Severity}.\n");
        sb.Append("Rules:");
        foreach (var r in alert.Reasons) sb.Append("\n• ").Append(r);
        sb.Append("\nMatched:");
        foreach (var group in alert.Evidence.GroupBy(e => e.Kind))
            sb.Append("\n• ").Append(group.Key).Append(": ").Append(string.Join(", ", group.Select(e => $"“{e.Phrase}” ({e.Field} @{e.Start})").Distinct()));
        if (alert.Places.Count > 0) sb.Append("\nPlaces: ").Append(string.Join(", ", alert.Places.Select(p => $"{p.Name} ({p.Side})")));
        return CommandReply.Text(sb.ToString());
    }

    // ---- subscriptions ----

    private static Destination PrivateDestination(CommandCaller caller) => caller.Platform switch
    {
        "telegram" => new Destination("telegram-user:" + caller.UserId),
        "discord" => new Destination("discord-user:" + caller.UserId),
        _ => Destination.Console,
    };

    private async Task<CommandReply> SubscribeAsync(ChatCommand command, CancellationToken ct)
    {
        var args = command.Arguments.ToList();
        int minSeverity = 1;
        if (args.Count > 1 && int.TryParse(args[^1], NumberStyles.None, CultureInfo.InvariantCulture, out int sev))
        {
            if (sev is < 1 or > 5) return CommandReply.Error("Severity is 1 (background) to 5 (deaths, heavy weapons).");
            minSeverity = sev;
            args.RemoveAt(args.Count - 1);
        }
        string keyword = string.Join(' ', args).Trim();
        string? problem = ValidateKeyword(keyword);
        if (problem is not null) return CommandReply.Error(problem);
        string key = BorderDetector.Key(keyword);
        var caller = command.Caller;
        var existing = await store.GetSubscriptionsAsync(caller.Platform, caller.UserId, ct);
        if (existing.Count >= options.Value.MaxSubscriptionsPerUser)
            return CommandReply.Error($"You have {existing.Count} subscriptions, the most allowed. Remove one with /unsubscribe first.");
        var places = detector.FindPlaces(keyword);
        // A keyword that is a place name (in any spelling) follows the place, not the letters.
        var place = places.Count == 1 && BorderDetector.Key(places[0].Name).Length > 0 ? places[0] : null;
        var destination = PrivateDestination(caller);
        bool added = await store.AddSubscriptionAsync(new Subscription
        {
            Platform = caller.Platform,
            UserId = caller.UserId,
            Destination = destination,
            Keyword = keyword,
            MatchKey = key,
            PlaceId = place?.Id,
            MinSeverity = minSeverity,
            CreatedUtc = time.GetUtcNow(),
        }, ct);
        // Writing to the bot again lifts a pause (the user had blocked the bot or closed DMs).
        var state = await store.GetDestinationAsync(destination, ct);
        if (state is { Status: DestinationStatus.Paused }) await store.SetDestinationStatusAsync(destination, DestinationStatus.Active, null, time.GetUtcNow(), ct);
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
        if (BorderDetector.Key(keyword).Replace(" ", "", StringComparison.Ordinal).Length < 2) return "The keyword needs at least two letters or digits.";
        return null;
    }

    private async Task<CommandReply> UnsubscribeAsync(ChatCommand command, CancellationToken ct)
    {
        string keyword = command.ArgumentText.Trim();
        var caller = command.Caller;
        if (keyword.Equals("all", StringComparison.OrdinalIgnoreCase))
        {
            int removed = await store.RemoveSubscriptionsAsync(caller.Platform, caller.UserId, null, ct);
            return CommandReply.Text(removed == 0 ? "You had no subscriptions." : $"Removed all {removed} subscriptions.", ephemeral: true);
        }
        int n = await store.RemoveSubscriptionsAsync(caller.Platform, caller.UserId, BorderDetector.Key(keyword), ct);
        return n > 0 ? CommandReply.Text($"Unsubscribed from “{keyword}”.", ephemeral: true)
                     : CommandReply.Error($"You are not subscribed to “{keyword}”. See /subscriptions.");
    }

    private async Task<CommandReply> SubscriptionsAsync(CommandCaller caller, CancellationToken ct)
    {
        var list = await store.GetSubscriptionsAsync(caller.Platform, caller.UserId, ct);
        if (list.Count == 0) return CommandReply.Text("You have no subscriptions. Try /subscribe Vorukh", ephemeral: true);
        var sb = new StringBuilder($"Your subscriptions ({list.Count}/{options.Value.MaxSubscriptionsPerUser}):");
        foreach (var s in list)
            sb.Append("\n• ").Append(s.Keyword).Append(s.PlaceId is not null ? " (place)" : "").Append(s.MinSeverity > 1 ? $", severity ≥ {s.MinSeverity}" : "");
        var state = await store.GetDestinationAsync(PrivateDestination(caller), ct);
        if (state is { Status: not DestinationStatus.Active })
            sb.Append("\n\nPaused: the last private message could not be delivered (").Append(state.Reason).Append("). Allow messages from the bot and send any command to resume.");
        return CommandReply.Text(sb.ToString(), ephemeral: true);
    }

    // ---- operations ----

    private async Task<CommandReply> SourcesAsync(CancellationToken ct) =>
        CommandReply.Text(SourceList.Describe(await store.GetFeedsAsync(ct)));

    private async Task<CommandReply> StatusAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        string? lastPoll = await store.GetValueAsync("last_poll_utc", ct);
        int alerts = await store.CountAlertsSinceAsync(now.AddDays(-1), ct);
        int queue = await store.CountPendingDeliveriesAsync(ct);
        var feeds = await store.GetFeedsAsync(ct);
        int active = feeds.Count(f => f.Active);
        var uptime = now - _started;
        string poll = DateTimeOffset.TryParse(lastPoll, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var lp)
            ? $"{lp:yyyy-MM-dd HH:mm:ss} UTC ({(now - lp).TotalMinutes:0} min ago)" : "never";
        return CommandReply.Text(string.Create(CultureInfo.InvariantCulture,
            $"Up {(int)uptime.TotalHours} h {uptime.Minutes} min. Last poll: {poll}. Feeds active: {active} of {feeds.Count}{(active == 0 ? " (WARNING: nothing is being polled)" : "")}. Alerts in the last 24 h: {alerts}. Deliveries queued: {queue}."));
    }

    private async Task<CommandReply> SettingsAsync(ChatCommand command, CancellationToken ct)
    {
        var caller = command.Caller;
        var destination = caller.Platform switch
        {
            "telegram" => new Destination("telegram:" + caller.ChatId),
            "discord" => new Destination("discord:" + caller.ChatId),
            _ => Destination.Console,
        };
        var current = (await store.GetDestinationAsync(destination, ct))?.Settings ?? ChannelSettings.Default;
        if (command.Arguments.Count == 0) return CommandReply.Text(Describe(current), ephemeral: true);

        string setting = command.Arguments[0].ToLowerInvariant();
        string value = string.Join(' ', command.Arguments.Skip(1)).Trim();
        var (updated, error) = Apply(current, setting, value);
        if (error is not null) return CommandReply.Error(error);
        await store.SaveChannelSettingsAsync(destination, updated!, time.GetUtcNow(), ct);
        return CommandReply.Text("Saved. " + Describe(updated!), ephemeral: true);
    }

    internal static (ChannelSettings? Settings, string? Error) Apply(ChannelSettings s, string setting, string value)
    {
        bool off = value.Equals("off", StringComparison.OrdinalIgnoreCase) || value.Equals("all", StringComparison.OrdinalIgnoreCase);
        switch (setting)
        {
            case "reset":
                return (ChannelSettings.Default, null);
            case "min-severity" or "severity":
                return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int sev) && sev is >= 1 and <= 5
                    ? (s with { MinSeverity = sev }, null) : (null, "min-severity takes 1 to 5.");
            case "categories" or "category":
            {
                if (off) return (s with { Categories = [] }, null);
                var list = value.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries).Select(c => c.ToLowerInvariant()).ToList();
                var bad = list.Where(c => !Categories.TryParse(c, out _)).ToList();
                return bad.Count > 0 ? (null, $"Unknown categories: {string.Join(", ", bad)}. Use armed_clash, incident, water_land, humanitarian, crossing, diplomacy or all.")
                                     : (s with { Categories = list }, null);
            }
            case "languages" or "language":
            {
                if (off) return (s with { Languages = [] }, null);
                var list = value.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries).Select(c => c.ToLowerInvariant()).ToList();
                var bad = list.Where(l => l is not ("en" or "ru" or "ky" or "tg" or "tj")).ToList();
                return bad.Count > 0 ? (null, $"Unknown languages: {string.Join(", ", bad)}. Use en, ru, ky, tg or all.") : (s with { Languages = list }, null);
            }
            case "quiet" or "quiet-hours":
            {
                if (off) return (s with { QuietFromHour = null, QuietToHour = null }, null);
                var parts = value.Split('-', StringSplitOptions.TrimEntries);
                if (parts.Length == 2 && int.TryParse(parts[0], out int from) && int.TryParse(parts[1], out int to) && from is >= 0 and < 24 && to is >= 0 and < 24 && from != to)
                    return (s with { QuietFromHour = from, QuietToHour = to }, null);
                return (null, "quiet takes local hours FROM-TO, e.g. 22-07, or off.");
            }
            case "digest":
                if (off) return (s with { DigestHours = null }, null);
                return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int h) && h is >= 1 and <= 24
                    ? (s with { DigestHours = h }, null) : (null, "digest takes a number of hours from 1 to 24, or off.");
            case "utc-offset" or "timezone":
                return int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int o) && o is >= -12 and <= 14
                    ? (s with { UtcOffsetHours = o }, null) : (null, "utc-offset takes hours from -12 to 14 (Bishkek 6, Dushanbe 5).");
            default:
                return (null, $"Unknown setting '{setting}'. Use min-severity, categories, languages, quiet, digest, utc-offset or reset.");
        }
    }

    private static string Describe(ChannelSettings s) => string.Create(CultureInfo.InvariantCulture,
        $"This chat receives alerts of severity ≥ {s.MinSeverity}; categories: {(s.Categories.Count == 0 ? "all" : string.Join(", ", s.Categories))}; " +
        $"languages: {(s.Languages.Count == 0 ? "all" : string.Join(", ", s.Languages))}; " +
        $"quiet hours: {(s.QuietFromHour is int f && s.QuietToHour is int t ? $"{f:00}:00–{t:00}:00 (UTC{s.UtcOffsetHours:+0;-0})" : "off")}; " +
        $"digest: {(s.DigestHours is int d ? $"every {d} h" : "off")}.");
}
