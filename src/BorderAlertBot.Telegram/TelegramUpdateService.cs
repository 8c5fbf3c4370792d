using System.Globalization;
using System.Text.RegularExpressions;
using BorderAlertBot.Core.Commands;
using BorderAlertBot.Core.Delivery;
using BorderAlertBot.Core.Intake;
using BorderAlertBot.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;
using BorderAlertBot.Core.Retry;

namespace BorderAlertBot.Telegram;

/// <summary>
/// Commands in, by long polling: at start deleteWebhook (getUpdates refuses to work beside one), getMe
/// for the bot's username and setMyCommands from the command list; then getUpdates in a loop, asking for
/// messages, channel posts and chat_member updates (Telegram sends those only when asked by name; they
/// tell the bot when a member is promoted or demoted). Reading never waits on answering: each update is
/// handed to the <see cref="TelegramCommandIntake"/> at once (counted, checked, queued in its chat's
/// lane) and the loop reads on, so a flood in one chat, whose replies wait for that chat's send limit,
/// delays no other chat. Commands accepted but not yet answered survive a stop or a crash in the
/// <see cref="TelegramInbox"/>: none is lost, none is answered twice. A stop cancels the long poll at
/// once; replies already on the wire finish. <see cref="RunAsync"/> is the whole loop, start to stop,
/// for a caller that decides when this instance may poll.
/// </summary>
public sealed partial class TelegramUpdateService(
    TelegramConnection connection,
    TelegramMessenger messenger,
    TelegramAdminCheck admins,
    TelegramReplyQueue replies,
    FloodGuard guard,
    IServiceProvider services,
    ISettingsStore store,
    IOptions<TelegramOptions> options,
    TimeProvider time,
    ILogger<TelegramUpdateService> logger,
    ChatConnections? connections = null,
    IntakeOwnership? ownership = null) : BackgroundService
{
    public const string OffsetKey = TelegramInbox.OffsetKey;
    private static readonly UpdateType[] Wanted = [UpdateType.Message, UpdateType.ChannelPost, UpdateType.ChatMember];
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(1);

    /// <summary>The bot's @username once getMe answered (commands "/cmd@OtherBot" are ignored).</summary>
    public string? BotUserName { get; private set; }

    /// <summary>Polls only while this instance owns the cluster's Telegram intake (one getUpdates per token, or Telegram answers 409).</summary>
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        ownership is null ? RunAsync(stoppingToken) : ownership.RunOwnedAsync(TelegramSink.PlatformName, RunAsync, stoppingToken);

    /// <summary>Start-up calls, then reading and answering commands until <paramref name="stoppingToken"/>; returns once the replies in flight have finished.</summary>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        var commands = services.GetService<ICommandService>();
        if (commands is null)
        {
            LogNoCommandService(logger);
            return;
        }
        if (!await StartUpAsync(commands, stoppingToken)) return;

        var inbox = new TelegramInbox(store);
        IReadOnlyList<TelegramInbox.Entry> left;
        try { left = await inbox.LoadAsync(stoppingToken); }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { return; }
        var intake = new TelegramCommandIntake(commands, BotUserName, guard, admins, messenger, replies, inbox, connection.Scrub, logger);
        foreach (var entry in left) intake.Resume(entry, stoppingToken);
        try
        {
            await PollAsync(intake, inbox, stoppingToken);
        }
        finally
        {
            // Commands cancelled by the stop stay in the inbox; replies on the wire finish first.
            await intake.WhenIdleAsync();
            await replies.WhenIdleAsync();
            await inbox.SaveAsync();
        }
    }

    private async Task<bool> StartUpAsync(ICommandService commands, CancellationToken stoppingToken)
    {
        var client = connection.Client;
        connections?.Starting(TelegramSink.PlatformName);
        for (int failures = 1; ; failures++)
        {
            try
            {
                await client.DeleteWebhook(false, stoppingToken);
                var me = await client.GetMe(stoppingToken);
                BotUserName = me.Username;
                await client.SetMyCommands(ToBotCommands(commands.Commands), cancellationToken: stoppingToken);
                LogStarted(logger, BotUserName ?? "?");
                return true;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { return false; }
            catch (Exception ex)
            {
                LogStartFailed(logger, connection.Scrub(ex.Message));
                if (!await DelayAsync(Backoff(failures), stoppingToken)) return false;
            }
        }
    }

    private async Task PollAsync(TelegramCommandIntake intake, TelegramInbox inbox, CancellationToken stoppingToken)
    {
        var client = connection.Client;
        int failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            Update[] updates;
            try
            {
                updates = await client.GetUpdates(inbox.NextOffset, 100, (int)options.Value.PollingTimeout.TotalSeconds, Wanted, stoppingToken);
                failures = 0;
                connections?.Up(TelegramSink.PlatformName);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { return; }
            catch (Exception ex)
            {
                var wait = ex is ApiRequestException { ErrorCode: 429, Parameters.RetryAfter: int after } ? TimeSpan.FromSeconds(after) : Backoff(++failures);
                LogPollFailed(logger, connection.Scrub(ex.Message), wait);
                connections?.Down(TelegramSink.PlatformName, "getUpdates failing");
                if (!await DelayAsync(wait, stoppingToken)) return;
                continue;
            }

            foreach (var update in updates.OrderBy(u => u.Id))
            {
                try
                {
                    intake.Accept(update, stoppingToken);
                }
                catch (Exception ex)
                {
                    // An update that cannot be read is logged and passed over, never retried forever.
                    inbox.Read(update.Id);
                    LogUpdateFailed(logger, update.Id, connection.Scrub(ex.Message), ex);
                }
            }
            // Saved before the next getUpdates confirms them: from here on Telegram may forget them.
            if (updates.Length > 0) await inbox.SaveAsync();
        }
    }

    /// <summary>The menu Telegram shows: names as Telegram allows them (a–z, 0–9, _), descriptions 1–256 characters.</summary>
    internal static IReadOnlyList<BotCommand> ToBotCommands(IEnumerable<CommandInfo> commands) => commands
        .Where(c => CommandName().IsMatch(c.Name))
        .Select(c => new BotCommand { Command = c.Name, Description = TelegramHtml.Shorten(string.IsNullOrWhiteSpace(c.Description) ? c.Name : c.Description, 256) })
        .DistinctBy(c => c.Command)
        .Take(100)
        .ToList();

    private static TimeSpan Backoff(int failures) => new Backoff(TimeSpan.FromSeconds(2), MaxBackoff).After(failures);

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

}
