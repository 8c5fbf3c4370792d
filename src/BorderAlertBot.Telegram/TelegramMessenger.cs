using System.Globalization;
using BorderAlertBot.Core.Delivery;
using BorderAlertBot.Core.Reports;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace BorderAlertBot.Telegram;

/// <summary>
/// Sends one HTML message, or one photo with an HTML caption, within the broadcast limits and reports the
/// outcome as a value. The wait for a slot can be cancelled (the message stays queued); a request once
/// started is not cancelled by a stop, only by <see cref="TelegramOptions.SendTimeout"/>, so an in-flight
/// send finishes.
/// </summary>
public sealed class TelegramMessenger(TelegramConnection connection, SendScheduler scheduler, IOptions<TelegramOptions> options, TimeProvider time)
{
    /// <summary>Telegram's limit for a photo caption, counted after entity parsing (visible characters).</summary>
    public const int MaxCaption = 1024;

    public Task<DeliveryResult> SendHtmlAsync(TelegramTarget target, string html, int? replyToMessageId, CancellationToken cancellationToken) =>
        SendAsync(target, timeout => connection.Client.SendMessage(
            target.ChatId,
            html,
            ParseMode.Html,
            replyParameters: Reply(replyToMessageId),
            linkPreviewOptions: new LinkPreviewOptions { IsDisabled = !options.Value.LinkPreviews },
            messageThreadId: target.ThreadId,
            cancellationToken: timeout), cancellationToken);

    /// <summary>
    /// sendPhoto with the picture uploaded as multipart/form-data (InputFile.FromStream) and
    /// <paramref name="captionHtml"/> (already escaped; cut to <see cref="MaxCaption"/> here) as its caption.
    /// </summary>
    public Task<DeliveryResult> SendPhotoAsync(TelegramTarget target, Attachment picture, string captionHtml, int? replyToMessageId, CancellationToken cancellationToken) =>
        SendAsync(target, async timeout =>
        {
            // A fresh stream per request: a stream read by a failed attempt is not read again.
            await using var stream = new MemoryStream(picture.Content, writable: false);
            return await connection.Client.SendPhoto(
                target.ChatId,
                InputFile.FromStream(stream, picture.FileName),
                caption: TelegramHtml.Truncate(captionHtml, MaxCaption),
                parseMode: ParseMode.Html,
                replyParameters: Reply(replyToMessageId),
                messageThreadId: target.ThreadId,
                cancellationToken: timeout);
        }, cancellationToken);

    private static ReplyParameters? Reply(int? replyToMessageId) =>
        replyToMessageId is int id ? new ReplyParameters { MessageId = id, AllowSendingWithoutReply = true } : null;

    private async Task<DeliveryResult> SendAsync(TelegramTarget target, Func<CancellationToken, Task<Message>> send, CancellationToken cancellationToken)
    {
        await scheduler.WaitAsync(target, cancellationToken);
        var o = options.Value;
        using var timeout = new CancellationTokenSource(o.SendTimeout, time);
        try
        {
            var message = await send(timeout.Token);
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
