using System.Globalization;
using BorderAlertBot.Core.Delivery;
using Telegram.Bot.Exceptions;

namespace BorderAlertBot.Telegram;

/// <summary>
/// What a Bot API failure means for a delivery: 429 → retry after retry_after; 403 (blocked, kicked) →
/// pause the destination; 400 chat not found → disable it; 400 with migrate_to_chat_id → moved to the
/// supergroup; 5xx, network errors and timeouts → retry with backoff; any other 400 → failed.
/// </summary>
public static class TelegramErrors
{
    public static DeliveryResult ToResult(Exception ex, TelegramTarget target, Func<string?, string> scrub)
    {
        if (ex is ApiRequestException api)
        {
            string description = scrub(api.Message);
            if (api.Parameters?.MigrateToChatId is long newId)
            {
                var moved = new TelegramTarget(newId.ToString(CultureInfo.InvariantCulture), target.ThreadId).ToDestination();
                return DeliveryResult.Moved(moved, $"the group became a supergroup: {moved.Key}");
            }
            if (api.ErrorCode == 429)
                return DeliveryResult.Retry($"429 {description}", TimeSpan.FromSeconds(Math.Max(1, api.Parameters?.RetryAfter ?? 1)));
            if (api.ErrorCode == 403)
                return DeliveryResult.Failed($"403 {description}", DestinationStatus.Paused);
            if (api.ErrorCode == 400 && IsGone(description))
                return DeliveryResult.Failed($"400 {description}", DestinationStatus.Disabled);
            if (api.ErrorCode == 400)
                return DeliveryResult.Failed($"400 {description}");
            // 5xx, 401/404 (a token or server being fixed), 409 and anything unexpected: try again later.
            return DeliveryResult.Retry($"{api.ErrorCode} {description}");
        }
        if (ex is RequestException request && request.HttpStatusCode is { } status)
            return DeliveryResult.Retry($"HTTP {(int)status}: {scrub(request.Message)}");
        return DeliveryResult.Retry($"{ex.GetType().Name}: {scrub(ex.Message)}");
    }

    /// <summary>The chat (or its forum topic) no longer exists for the bot.</summary>
    public static bool IsGone(string description) =>
        description.Contains("chat not found", StringComparison.OrdinalIgnoreCase)
        || description.Contains("message thread not found", StringComparison.OrdinalIgnoreCase)
        || description.Contains("TOPIC_DELETED", StringComparison.OrdinalIgnoreCase)
        || description.Contains("PEER_ID_INVALID", StringComparison.OrdinalIgnoreCase);
}
