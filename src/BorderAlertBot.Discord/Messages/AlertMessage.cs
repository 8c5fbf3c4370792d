using System.Globalization;
using System.Text.Json.Nodes;
using BorderAlertBot.Core.Alerts;

namespace BorderAlertBot.Discord.Messages;

/// <summary>
/// The body of POST /channels/{id}/messages for one alert. allowed_mentions always parses nothing, so feed
/// text can never ping; the opt-in role ping names its one role explicitly. The nonce is derived from the
/// delivery id with enforce_nonce, so a resend after a crash returns the first message instead of posting twice.
/// </summary>
public static class AlertMessage
{
    public static string Nonce(long deliveryId) => "ba" + deliveryId.ToString(CultureInfo.InvariantCulture);

    public static JsonObject Build(Alert alert, long deliveryId, string? replyToMessageId, RolePingOptions? rolePing)
    {
        var mentions = new JsonObject { ["parse"] = new JsonArray(), ["replied_user"] = false };
        var body = new JsonObject
        {
            ["embeds"] = new JsonArray(AlertEmbed.Build(alert)),
            ["allowed_mentions"] = mentions,
            ["nonce"] = Nonce(deliveryId),
            ["enforce_nonce"] = true,
        };
        if (rolePing is { Enabled: true } && alert.Severity >= rolePing.MinSeverity)
        {
            body["content"] = $"<@&{rolePing.RoleId}> severity {alert.Severity.ToString(CultureInfo.InvariantCulture)} border alert";
            mentions["roles"] = new JsonArray(rolePing.RoleId);
        }
        if (!string.IsNullOrEmpty(replyToMessageId))
            body["message_reference"] = new JsonObject { ["message_id"] = replyToMessageId, ["fail_if_not_exists"] = false };
        return body;
    }
}
