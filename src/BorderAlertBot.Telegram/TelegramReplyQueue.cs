using BorderAlertBot.Core.Delivery;
using Microsoft.Extensions.Logging;

namespace BorderAlertBot.Telegram;

/// <summary>
/// Command replies on their way out, one lane per chat (<see cref="ChatLanes"/>): a chat's replies leave
/// in order, each when the <see cref="SendScheduler"/> lets that chat send (1 a second, 20 a minute in a
/// group), and a 429 is waited out (retry_after, up to three attempts) in that chat's lane only. The
/// queue carries any reply kind: an item is the send itself (text, photo, …), done through
/// <see cref="TelegramMessenger"/> or anything else that waits for its slot. On a stop, a reply whose
/// chat may send right now still goes out; one that would have to wait is left (its update stays
/// unanswered and is answered after the restart); a request once started finishes.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "It is a queue of replies, and the name says so.")]
public sealed partial class TelegramReplyQueue(TimeProvider time, ILogger<TelegramReplyQueue> logger)
{
    private const int Attempts = 3;
    private readonly ChatLanes _lanes = new(ex => LogFailed(logger, ex));

    /// <summary>
    /// Queues <paramref name="send"/> for <paramref name="target"/>'s chat. <paramref name="done"/> runs after
    /// the reply went out or failed for good (not when <paramref name="stop"/> ended the wait first).
    /// </summary>
    public void Enqueue(TelegramTarget target, Func<CancellationToken, Task<DeliveryResult>> send, Func<Task> done, CancellationToken stop) =>
        _lanes.Enqueue(target.Chat, async () =>
        {
            for (int attempt = 1; ; attempt++)
            {
                DeliveryResult result;
                try { result = await send(stop); }
                catch (OperationCanceledException) when (stop.IsCancellationRequested) { return; }
                catch (Exception ex)
                {
                    LogFailed(logger, ex); // a bug, not an answer: given up, not retried forever
                    break;
                }
                if (result.Outcome != DeliveryOutcome.Retry || attempt >= Attempts)
                {
                    if (result.Outcome != DeliveryOutcome.Sent) LogReplyFailed(logger, target.ToString(), result.Error ?? "");
                    break;
                }
                try { await Task.Delay(result.RetryAfter ?? TimeSpan.FromSeconds(attempt), time, stop); }
                catch (OperationCanceledException) { return; }
            }
            await done();
        });

    /// <summary>Chats with replies waiting or going out.</summary>
    public int BusyChats => _lanes.BusyChats;

    /// <summary>Completes when every queued reply has gone out, failed, or given up on a stop.</summary>
    public Task WhenIdleAsync() => _lanes.WhenIdleAsync();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Telegram: the reply to {Chat} was not sent: {Reason}")]
    private static partial void LogReplyFailed(ILogger logger, string chat, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Telegram: a reply could not be sent")]
    private static partial void LogFailed(ILogger logger, Exception ex);
}
