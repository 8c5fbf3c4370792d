namespace BorderAlertBot.Core.Commands;

/// <summary>Every command with its options, the single source for /help, Telegram's menu and Discord's slash commands.</summary>
public static class CommandCatalog
{
    public static readonly IReadOnlyList<CommandInfo> All =
    [
        new("latest", "Recent border alerts, newest first, optionally near one place",
            [new("count", "How many (1-20, default 5)", CommandOptionType.Integer, false, 1, 20), new("place", "A village, district or checkpoint, any spelling", CommandOptionType.String, false)]),
        new("search", "Find alerts and stories by words or places (any script)",
            [new("query", "Words or a place name, e.g. Vorukh or Ворух", CommandOptionType.String, true), new("days", "How far back (1-90, default 7)", CommandOptionType.Integer, false, 1, 90)]),
        new("story", "One story with all its sources and updates",
            [new("id", "Story id, e.g. s-7k2m9xq4", CommandOptionType.String, true)]),
        new("why", "Why an alert matched: phrases, places, rules",
            [new("id", "Alert id, e.g. a-7k2m9xq4", CommandOptionType.String, true)]),
        new("subscribe", "Get a private message when an alert mentions a keyword or place",
            [new("keyword", "A keyword or place, e.g. Vorukh, mortar, checkpoint", CommandOptionType.String, true), new("min_severity", "Only alerts at least this severe (1-5)", CommandOptionType.Integer, false, 1, 5)],
            Personal: true),
        new("unsubscribe", "Stop a subscription, or all of them",
            [new("keyword", "The keyword or place, or all", CommandOptionType.String, true)], Personal: true),
        new("subscriptions", "Your subscriptions", [], Personal: true),
        new("sources", "The news feeds: id, address, health, who added them", []),
        SourceCommand.Info,
        new("status", "Uptime, last poll, alerts in the last 24 hours, queue", []),
        new("settings", "This chat's alert settings (admins): min-severity, categories, languages, quiet, digest",
            [new("setting", "min-severity | categories | languages | quiet | digest | utc-offset | reset", CommandOptionType.String, false), new("value", "e.g. 3, armed_clash,incident, ru,en, 22-07, 6, off", CommandOptionType.String, false)],
            AdminOnly: true, Personal: true),
        new("help", "Every command with a one-line description", []),
    ];
}
