using System.Globalization;
using BorderAlertBot.Core.Delivery;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace BorderAlertBot.Telegram;

/// <summary>
/// Sends one HTML message within the broadcast limits and reports the outcome as a value. The wait for
/// a slot can be cancelled (the message stays queued); a request once started is not cancelled by a
/// stop, only by <see cref="TelegramOptions.SendTimeout"/>, so an in-flight send finishes.
/// </summary>
public sealed class TelegramMessenger(TelegramConnection connection, SendScheduler scheduler, IOptions<TelegramOptions> options, TimeProvider time)
{
    public async Task<DeliveryResult> SendHtmlAsync(TelegramTarget target, string html, int? replyToMessageId, CancellationToken cancellationToken)
    {
        await scheduler.WaitAsync(target, cancellationToken);
        var o = options.Value;
        using var timeout = new CancellationTokenSource(o.SendTimeout, time);
        try
        {
            var message = await connection.Client.SendMessage(
                target.ChatId,
                html,
                ParseMode.Html,
                replyParameters: replyToMessageId is int id ? new ReplyParameters { MessageId = id, AllowSendingWithoutReply = true } : null,
                linkPreviewOptions: new LinkPreviewOptions { IsDisabled = !o.LinkPreviews },
                messageThreadId: target.ThreadId,
                cancellationToken: timeout.Token);
            return DeliveryResult.Sent(message.Id.ToString(CultureInfo.InvariantCulture));
        }
        catch (OperationCanceledException)
        {
            // The request never sees the stop token, so this is our SendTimeout or HttpClient's own.
            return DeliveryResult.Retry($"no answer from the Bot API within {o.SendTimeout}");
        }
        catch (Exception ex) when (ex is ApiRequestException or RequestException or HttpRequestException or IOException or System.Text.Json.JsonException)
        {
            var result = TelegramErrors.ToResult(ex, target, connection.Scrub);
            if (result.Outcome == DeliveryOutcome.Retry && result.RetryAfter is { } after) scheduler.Hold(target, after);
            return result;
        }
    }
}
