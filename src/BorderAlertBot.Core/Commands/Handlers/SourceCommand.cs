using System.Globalization;
using System.Text;
using BorderAlertBot.Core.Sources;
using BorderAlertBot.Core.Storage;
using BorderAlertBot.Core.Text;
using BorderAlertBot.Core.Feeds;

namespace BorderAlertBot.Core.Commands.Handlers;

/// <summary>
/// /source add URL [language] [interval], /source remove|pause|resume ID — the bot's admins manage the
/// sources every chat shares. `add` vets the feed exactly as `feeds check` does (guards, parse, a preview
/// with verdicts); what chat adds survives restarts and is no feeds file's to drop.
/// </summary>
public sealed class SourceCommand(SourceRegistry registry, IFeedStore feeds, BotAdmins admins, TimeProvider time) : ICommandHandler
{
    public CommandInfo Info { get; } = new("source", "Bot admins: add, remove, pause or resume a news source",
    [
        new("action", "add | remove | pause | resume", CommandOptionType.String, true),
        new("target", "The feed URL (add) or the source id (see /sources)", CommandOptionType.String, true),
        new("language", "add: the feed's language code, e.g. ru, en, ky, tg", CommandOptionType.String, false),
        new("interval", "add: minutes between polls (1-1440, default 10)", CommandOptionType.Integer, false, 1, 1440),
    ]);

    private const string Usage = "/source add <url> [language] [minutes] · /source remove|pause|resume <id>";

    public async Task<CommandReply> HandleAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var caller = request.Caller;
        if (!admins.Allows(caller))
            return CommandReply.Error("/source is for the bot's admins (BorderAlert__Admins__<Platform>__N in its configuration): the sources are shared by every chat the bot serves.");
        string action = request.Arguments[0].ToLowerInvariant();
        string target = request.Arguments[1];
        string who = Who(caller);
        return action switch
        {
            "add" => await AddAsync(target, request.Arguments.Skip(2).ToList(), who, cancellationToken),
            "remove" => await feeds.RemoveFeedAsync(target, who, cancellationToken)
                ? CommandReply.Text($"Removed the source {target}: it is no longer polled (a feeds file does not bring it back; /source add does).")
                : NoSuchSource(target),
            "pause" => await feeds.SetFeedActiveAsync(target, false, "paused by " + who, time.GetUtcNow(), cancellationToken)
                ? CommandReply.Text($"Paused the source {target}: it is not polled until /source resume {target}.")
                : NoSuchSource(target),
            "resume" => await feeds.SetFeedActiveAsync(target, true, null, time.GetUtcNow(), cancellationToken)
                ? CommandReply.Text($"Resumed the source {target}: it is polled in the next pass.")
                : NoSuchSource(target),
            _ => CommandReply.Error($"Unknown action “{action}”. Usage: {Usage}"),
        };
    }

    private async Task<CommandReply> AddAsync(string target, List<string> rest, string who, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(target, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            return CommandReply.Error($"“{target}” is not an http or https address. Usage: {Usage}");
        string? language = null;
        TimeSpan? interval = null;
        foreach (string argument in rest)
        {
            string minutes = argument.EndsWith("min", StringComparison.OrdinalIgnoreCase) ? argument[..^3] : argument.TrimEnd('m', 'M');
            if (int.TryParse(minutes, NumberStyles.None, CultureInfo.InvariantCulture, out int m))
            {
                if (m is < 1 or > 1440) return CommandReply.Error("The interval is in minutes, from 1 to 1440.");
                interval = TimeSpan.FromMinutes(m);
            }
            else if (Languages.IsCode(argument.ToLowerInvariant())) language = Languages.Normalize(argument);
            else return CommandReply.Error($"“{argument}” is neither a language code (ru, en, ky, tg) nor minutes. Usage: {Usage}");
        }

        var result = await registry.AddAsync(new SourceRequest(url, null, language, interval), FeedOrigins.Chat, who, cancellationToken);
        switch (result.Outcome)
        {
            case SourceAddOutcome.Duplicate:
                return CommandReply.Error($"{url} is already a source: {result.ExistingId} (see /sources).");
            case SourceAddOutcome.Refused:
                return CommandReply.Error($"Not added: {url}: {result.Reason}");
        }
        var feed = result.Feed!;
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"Added {feed.Name} as {feed.Id} ({feed.Url}), ");
        sb.Append(feed.Language.Length > 0 ? "language " + feed.Language + ", " : "");
        sb.Append(CultureInfo.InvariantCulture, $"polled every {Plural.Of((int)feed.Interval.TotalMinutes, "minute")} from the next pass.\n");
        sb.Append(SourcePreview.Describe(result.Vetting!, 5));
        return CommandReply.Text(sb.ToString());
    }

    private static CommandReply NoSuchSource(string id) => CommandReply.Error($"There is no source {id} (see /sources for the ids).");

    /// <summary>How a source's adder is recorded and shown: "PLATFORM:123 (Aigerim)".</summary>
    private static string Who(CommandCaller caller) =>
        caller.IsOperator ? "operator" : $"{caller.Platform}:{caller.UserId}" + (caller.DisplayName is { Length: > 0 } name ? $" ({name})" : "");
}
