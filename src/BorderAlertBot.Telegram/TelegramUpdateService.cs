using System.Globalization;
using System.Text.RegularExpressions;
using BorderAlertBot.Core.Commands;
using BorderAlertBot.Core.Delivery;
using BorderAlertBot.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace BorderAlertBot.Telegram;

/// <summary>
/// Commands in, by long polling: at start deleteWebhook (getUpdates refuses to work beside one), getMe
/// for the bot's username and setMyCommands from the command list; then getUpdates in a loop. The next
/// offset is stored ("telegram:offset") only after an update was handled, so after a restart no update
/// is answered twice and none is lost. A stop cancels the long poll at once; an update not yet answered
/// is left for the next start.
/// </summary>
public sealed partial class TelegramUpdateService(
    TelegramConnection connection,
    TelegramMessenger messenger,
    TelegramAdminCheck admins,
    IServiceProvider services,
    IKeyValueStore store,
    IOptions<TelegramOptions> options,
    TimeProvider time,
    ILogger<TelegramUpdateService> logger,
    ChatConnections? connections = null) : BackgroundService
{
    public const string OffsetKey = "telegram:offset";
    private static readonly UpdateType[] Wanted = [UpdateType.Message, UpdateType.ChannelPost];
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(1);

    /// <summary>The bot's @username once getMe answered (commands "/cmd@OtherBot" are ignored).</summary>
    public string? BotUserName { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var commands = services.GetService<ICommandService>();
        if (commands is null)
        {
            LogNoCommandService(logger);
            return;
        }
        var client = connection.Client;
        connections?.Starting("telegram");
        int failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await client.DeleteWebhook(false, stoppingToken);
                var me = await client.GetMe(stoppingToken);
                BotUserName = me.Username;
                await client.SetMyCommands(ToBotCommands(commands.Commands), cancellationToken: stoppingToken);
                LogStarted(logger, BotUserName ?? "?");
                break;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { return; }
            catch (Exception ex)
            {
                LogStartFailed(logger, connection.Scrub(ex.Message));
                if (!await DelayAsync(Backoff(++failures), stoppingToken)) return;
            }
        }

        failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            Update[] updates;
            try
            {
                int? offset = int.TryParse(await store.GetValueAsync(OffsetKey, stoppingToken), NumberStyles.Integer, CultureInfo.InvariantCulture, out int o) ? o : null;
                updates = await client.GetUpdates(offset, 100, (int)options.Value.PollingTimeout.TotalSeconds, Wanted, stoppingToken);
                failures = 0;
                connections?.Up("telegram");
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { break; }
            catch (Exception ex)
            {
                var wait = ex is ApiRequestException { ErrorCode: 429, Parameters.RetryAfter: int after } ? TimeSpan.FromSeconds(after) : Backoff(++failures);
                LogPollFailed(logger, connection.Scrub(ex.Message), wait);
                connections?.Down("telegram", "getUpdates failing");
                if (!await DelayAsync(wait, stoppingToken)) break;
                continue;
            }

            foreach (var update in updates.OrderBy(u => u.Id))
            {
                try
                {
                    await HandleAsync(update, commands, stoppingToken);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return; // not answered: the stored offset still points at it
                }
                catch (Exception ex)
                {
                    // A command that cannot be handled is logged and passed over, never retried forever.
                    LogUpdateFailed(logger, update.Id, connection.Scrub(ex.Message), ex);
                }
                await store.SetValueAsync(OffsetKey, (update.Id + 1).ToString(CultureInfo.InvariantCulture), CancellationToken.None);
            }
        }
    }

    internal async Task HandleAsync(Update update, ICommandService commands, CancellationToken cancellationToken)
    {
        var message = update.Message ?? update.ChannelPost;
        string? text = message?.Text ?? message?.Caption;
        if (message is null || string.IsNullOrWhiteSpace(text) || !text.TrimStart().StartsWith('/')) return;
        if (CommandText.Parse(text, BotUserName) is not { } parsed) return; // "/cmd@OtherBot"

        bool isPrivate = message.Chat.Type == ChatType.Private;
        bool addressed = text.TrimStart().Split(' ', 2)[0].Contains('@');
        // In a group, a command we do not know without our @name is another bot's business.
        if (!isPrivate && !addressed && !commands.Commands.Any(c => c.Name.Equals(parsed.Name, StringComparison.OrdinalIgnoreCase))) return;

        int? thread = message.IsTopicMessage ? message.MessageThreadId : null;
        var target = new TelegramTarget(message.Chat.Id.ToString(CultureInfo.InvariantCulture), thread);
        long userId = message.From?.Id ?? message.SenderChat?.Id ?? message.Chat.Id;
        bool isAdmin = isPrivate
            || message.Chat.Type == ChatType.Channel                 // only admins post in a channel
            || message.SenderChat?.Id == message.Chat.Id             // an anonymous admin of this group
            || (message.From is { } from && await admins.IsAdminAsync(message.Chat.Id, from.Id, cancellationToken));
        string? displayName = message.From is { } user ? user.Username ?? user.FirstName : message.Chat.Title;
        var caller = new CommandCaller("telegram", userId.ToString(CultureInfo.InvariantCulture), target.ToString(), isPrivate, isAdmin, displayName);

        var reply = await commands.ExecuteAsync(new ChatCommand(parsed.Name, parsed.Arguments, caller), cancellationToken);
        string html = CommandReplyHtml.Render(reply);
        for (int attempt = 1; ; attempt++)
        {
            var result = await messenger.SendHtmlAsync(target, html, message.Id, cancellationToken);
            if (result.Outcome != DeliveryOutcome.Retry || attempt >= 3)
            {
                if (result.Outcome != DeliveryOutcome.Sent) LogReplyFailed(logger, target.ToString(), result.Error ?? "");
                return;
            }
            if (!await DelayAsync(result.RetryAfter ?? TimeSpan.FromSeconds(attempt), cancellationToken))
                throw new OperationCanceledException(cancellationToken);
        }
    }

    /// <summary>The menu Telegram shows: names as Telegram allows them (a–z, 0–9, _), descriptions 1–256 characters.</summary>
    internal static IReadOnlyList<BotCommand> ToBotCommands(IEnumerable<CommandInfo> commands) => commands
        .Where(c => CommandName().IsMatch(c.Name))
        .Select(c => new BotCommand { Command = c.Name, Description = TelegramHtml.Shorten(string.IsNullOrWhiteSpace(c.Description) ? c.Name : c.Description, 256) })
        .DistinctBy(c => c.Command)
        .Take(100)
        .ToList();

    private static TimeSpan Backoff(int failures) =>
        TimeSpan.FromSeconds(Math.Min(MaxBackoff.TotalSeconds, Math.Pow(2, Math.Min(failures, 10))));

    private async Task<bool> DelayAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, time, cancellationToken);
            return true;
        }
        catch (OperationCanceledException) { return false; }
    }

    [GeneratedRegex("^[a-z0-9_]{1,32}$")]
    private static partial Regex CommandName();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Telegram: no command service is registered; commands are not answered")]
    private static partial void LogNoCommandService(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Telegram: polling for commands as @{BotUserName}")]
    private static partial void LogStarted(ILogger logger, string botUserName);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Telegram: start-up calls failed ({Reason}); retrying")]
    private static partial void LogStartFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Telegram: getUpdates failed ({Reason}); next poll in {Wait}")]
    private static partial void LogPollFailed(ILogger logger, string reason, TimeSpan wait);

    [LoggerMessage(Level = LogLevel.Error, Message = "Telegram: update {UpdateId} could not be handled: {Reason}")]
    private static partial void LogUpdateFailed(ILogger logger, int updateId, string reason, Exception ex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Telegram: the reply to {Chat} was not sent: {Reason}")]
    private static partial void LogReplyFailed(ILogger logger, string chat, string reason);
}
