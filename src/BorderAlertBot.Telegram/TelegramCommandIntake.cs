using System.Globalization;
using BorderAlertBot.Core.Commands;
using Microsoft.Extensions.Logging;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace BorderAlertBot.Telegram;

/// <summary>
/// What happens to one update the moment it is read, without waiting for anything: a chat_member update
/// drops the cached admin answer for that member; a command for us is identified (<see cref="TelegramSender"/>),
/// counted by the <see cref="FloodGuard"/> and, unless dropped, saved in the <see cref="TelegramInbox"/>
/// and queued in its chat's lane. There the admin check (getChatMember, for admin-only commands) and the command run, at most
/// <see cref="MaxConcurrentCommands"/> at a time over all chats, and the reply joins the chat's
/// <see cref="TelegramReplyQueue"/>; the update leaves the inbox once its reply went out.
/// </summary>
public sealed partial class TelegramCommandIntake : IDisposable
{
    public const int MaxConcurrentCommands = 4;

    private readonly ICommandService _commands;
    private readonly string? _botUserName;
    private readonly FloodGuard _guard;
    private readonly TelegramAdminCheck _admins;
    private readonly TelegramMessenger _messenger;
    private readonly TelegramReplyQueue _replies;
    private readonly TelegramInbox _inbox;
    private readonly ILogger _logger;
    private readonly Func<string?, string> _scrub;
    private readonly ChatLanes _lanes;
    private readonly SemaphoreSlim _running = new(MaxConcurrentCommands, MaxConcurrentCommands);

    /// <summary>Releases the semaphore; called by the container (or the owner) once the work has stopped.</summary>
    public void Dispose() => _running.Dispose();
    private readonly HashSet<string> _known;
    private readonly HashSet<string> _adminOnly;
    private readonly HashSet<string> _ownPrivate;

    public TelegramCommandIntake(ICommandService commands, string? botUserName, FloodGuard guard, TelegramAdminCheck admins, TelegramMessenger messenger,
        TelegramReplyQueue replies, TelegramInbox inbox, Func<string?, string> scrub, ILogger logger)
    {
        (_commands, _botUserName, _guard, _admins, _messenger, _replies, _inbox, _scrub, _logger) = (commands, botUserName, guard, admins, messenger, replies, inbox, scrub, logger);
        _lanes = new ChatLanes(ex => LogUpdateFailed(logger, _scrub(ex.Message), ex));
        _known = commands.Commands.Select(c => c.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        _adminOnly = commands.Commands.Where(c => c.AdminOnly).Select(c => c.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        // Personal commands that are not about the chat (its settings) are about the sender's own private
        // messages: /subscribe, /unsubscribe, /subscriptions.
        _ownPrivate = commands.Commands.Where(c => c.Personal && !c.AdminOnly).Select(c => c.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Handles one update just read. Never waits on the network.</summary>
    public void Accept(Update update, CancellationToken stop)
    {
        _inbox.Read(update.Id);
        if (update.ChatMember is { } change)
        {
            // A promotion or demotion: the next command from this member asks Telegram again.
            _admins.Forget(change.Chat.Id, change.NewChatMember.User.Id);
            LogRightsChanged(_logger, change.Chat.Id, change.NewChatMember.User.Id, change.NewChatMember.Status.ToString());
            return;
        }
        if (Parse(update) is not { } command) return;
        var verdict = _guard.Check(command.Sender.Speaker, command.IsPrivate ? null : command.Message.Chat.Id.ToString(CultureInfo.InvariantCulture));
        if (verdict == FloodVerdict.Drop) return;
        _inbox.Open(update, verdict);
        Queue(update.Id, command, verdict, stop);
    }

    /// <summary>Queues an update accepted before a restart, with the verdict it got then.</summary>
    public void Resume(TelegramInbox.Entry entry, CancellationToken stop)
    {
        if (Parse(entry.Update) is { } command) Queue(entry.Update.Id, command, entry.Verdict, stop);
        else _ = _inbox.CompleteAsync(entry.Update.Id);
    }

    /// <summary>Completes when every queued command has been run and handed to the reply queue.</summary>
    public Task WhenIdleAsync() => _lanes.WhenIdleAsync();

    private sealed record Command(Message Message, (string Name, IReadOnlyList<string> Arguments) Parsed, TelegramSender Sender, bool IsPrivate, TelegramTarget Target);

    private Command? Parse(Update update)
    {
        var message = update.Message ?? update.ChannelPost;
        string? text = message?.Text ?? message?.Caption;
        if (message is null || string.IsNullOrWhiteSpace(text) || !text.TrimStart().StartsWith('/')) return null;
        if (CommandText.Parse(text, _botUserName) is not { } parsed) return null; // "/cmd@OtherBot"

        bool isPrivate = message.Chat.Type == ChatType.Private;
        bool addressed = text.TrimStart().Split(' ', 2)[0].Contains('@');
        // In a group, a command we do not know without our @name is another bot's business.
        if (!isPrivate && !addressed && !_known.Contains(parsed.Name)) return null;
        int? thread = message.IsTopicMessage ? message.MessageThreadId : null;
        var target = new TelegramTarget(message.Chat.Id.ToString(CultureInfo.InvariantCulture), thread);
        return new Command(message, parsed, TelegramSender.Identify(message), isPrivate, target);
    }

    private void Queue(int updateId, Command command, FloodVerdict verdict, CancellationToken stop) =>
        _lanes.Enqueue(command.Target.Chat, async () =>
        {
            if (stop.IsCancellationRequested) return; // left in the inbox for the next start
            CommandReply reply;
            try
            {
                reply = verdict == FloodVerdict.Warn ? CommandReply.Error(FloodGuard.PleaseWait)
                    : command.Sender.Speaker.IsChat && _ownPrivate.Contains(command.Parsed.Name) ? CommandReply.Error(NoPerson(command.Parsed.Name))
                    : await RunAsync(command, stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested) { return; }
            catch (Exception ex)
            {
                // A command that cannot be handled is logged and passed over, never retried forever.
                LogUpdateFailed(_logger, _scrub(ex.Message), ex);
                await _inbox.CompleteAsync(updateId);
                return;
            }
            _replies.Enqueue(command.Target, Send(command, reply), () => _inbox.CompleteAsync(updateId), stop);
        });

    /// <summary>The reply's one send: a photo with its caption (multipart upload) for a picture reply, else an HTML message.</summary>
    private Func<CancellationToken, Task<Core.Delivery.DeliveryResult>> Send(Command command, CommandReply reply)
    {
        if (reply.Attachments.Count > 0)
        {
            var picture = reply.Attachments[0];
            string caption = CommandReplyHtml.Caption(reply);
            return ct => _messenger.SendPhotoAsync(command.Target, picture, caption, command.Message.Id, ct);
        }
        string html = CommandReplyHtml.Render(reply);
        return ct => _messenger.SendHtmlAsync(command.Target, html, command.Message.Id, ct);
    }

    /// <summary>A chat (an anonymous admin, a channel) has no private chat with the bot: subscriptions need a person.</summary>
    internal static string NoPerson(string command) =>
        $"/{command} works with your own private messages from the bot, and this was sent on behalf of a chat (as an anonymous admin or as a channel), " +
        $"so there is nobody to send them to. Open a private chat with the bot from your own account and send /{command} there.";

    private async Task<CommandReply> RunAsync(Command command, CancellationToken stop)
    {
        await _running.WaitAsync(stop);
        try
        {
            var message = command.Message;
            var sender = command.Sender;
            bool isAdmin = command.IsPrivate || sender.Role switch
            {
                SenderRole.ChatItself => true,   // an anonymous admin of this group, or a channel's own post
                SenderRole.OtherChat => false,   // a member posting as a channel is nobody's admin here
                // getChatMember only when it matters: a flood of /latest costs no admin checks.
                _ => _adminOnly.Contains(command.Parsed.Name) && sender.UserId is long user && await _admins.IsAdminAsync(message.Chat.Id, user, stop),
            };
            var caller = new CommandCaller(TelegramSink.PlatformName, sender.Speaker.Id, command.Target.ToString(), command.IsPrivate, isAdmin,
                sender.DisplayName, SpeaksForChat: sender.Speaker.IsChat);
            return await _commands.ExecuteAsync(new ChatCommand(command.Parsed.Name, command.Parsed.Arguments, caller), stop);
        }
        finally { _running.Release(); }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Telegram: a command could not be handled: {Reason}")]
    private static partial void LogUpdateFailed(ILogger logger, string reason, Exception ex);

    [LoggerMessage(Level = LogLevel.Information, Message = "Telegram: member {UserId} of {ChatId} is now {Status}; their admin check starts over")]
    private static partial void LogRightsChanged(ILogger logger, long chatId, long userId, string status);
}
