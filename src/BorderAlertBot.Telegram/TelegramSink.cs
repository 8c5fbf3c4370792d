using System.Globalization;
using BorderAlertBot.Core.Delivery;
using BorderAlertBot.Core.Storage;
using Microsoft.Extensions.Logging;

namespace BorderAlertBot.Telegram;

/// <summary>
/// Alerts to Telegram chats ("telegram:…") and private chats ("telegram-user:…") as HTML messages;
/// updates of a story reply to its first message. Remembers group → supergroup moves so configured
/// chat ids follow them (<see cref="TelegramChannelSource"/>).
/// </summary>
public sealed partial class TelegramSink(TelegramMessenger messenger, SendScheduler scheduler, ISettingsStore store, TimeProvider time, ILogger<TelegramSink> logger) : IChatSink
{
    public const string MovedKeyPrefix = "telegram:moved:";

    public const string PlatformName = "telegram";

    public string Platform => PlatformName;

    public async Task<DeliveryResult> SendAsync(DeliveryRequest request, CancellationToken cancellationToken)
    {
        if (!TelegramTarget.TryParse(request.Destination, out var target))
            return DeliveryResult.Failed($"'{request.Destination.Key}' is not a Telegram chat", DestinationStatus.Disabled);
        // Telegram asked us to wait for this chat: do not spend a request on a certain 429.
        if (scheduler.HeldUntil(target) is { } held)
            return DeliveryResult.Retry("waiting out Telegram's retry_after for this chat", held - time.GetUtcNow());

        int? replyTo = int.TryParse(request.ReplyToMessageId, NumberStyles.None, CultureInfo.InvariantCulture, out int id) ? id : null;
        var result = await messenger.SendHtmlAsync(target, AlertHtml.Render(request.Alert), replyTo, cancellationToken);

        if (result.MovedTo is { } moved && TelegramTarget.TryParse(moved, out var newTarget))
        {
            await store.SetValueAsync(MovedKeyPrefix + target.Chat, newTarget.Chat, CancellationToken.None);
            LogMoved(logger, request.Destination.Key, moved.Key);
        }
        else if (result.DestinationState is DestinationStatus.Disabled) LogDisabled(logger, request.Destination.Key, result.Error ?? "");
        else if (result.DestinationState is DestinationStatus.Paused) LogPaused(logger, request.Destination.Key, result.Error ?? "");
        return result;
    }

    public int Capacity(Destination destination, TimeSpan window) =>
        TelegramTarget.TryParse(destination, out var target) ? scheduler.Capacity(target, window) : 1;

    public Task<DeliveryResult> SendNoticeAsync(Destination destination, string text, CancellationToken cancellationToken) =>
        TelegramTarget.TryParse(destination, out var target)
            ? messenger.SendHtmlAsync(target, TelegramHtml.Truncate("<b>BorderAlertBot</b>\n" + TelegramHtml.Escape(text)), null, cancellationToken)
            : Task.FromResult(DeliveryResult.Failed($"'{destination.Key}' is not a Telegram chat"));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Telegram chat {Destination} moved to {NewDestination} (group became a supergroup)")]
    private static partial void LogMoved(ILogger logger, string destination, string newDestination);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Telegram destination {Destination} disabled: {Reason}")]
    private static partial void LogDisabled(ILogger logger, string destination, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Telegram destination {Destination} paused: {Reason}")]
    private static partial void LogPaused(ILogger logger, string destination, string reason);
}
