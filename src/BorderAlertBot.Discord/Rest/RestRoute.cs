namespace BorderAlertBot.Discord.Rest;

/// <summary>
/// A REST call's rate-limit identity: <see cref="Key"/> is the method and path template
/// ("POST /channels/{channel}/messages"), <see cref="Major"/> the major parameter (channel, guild or
/// webhook id). Discord buckets by the bucket hash it returns for a route, per major parameter.
/// </summary>
public readonly record struct RestRoute(string Key, string Major)
{
    public static RestRoute CreateMessage(string channelId) => new("POST /channels/{channel}/messages", channelId);
    public static RestRoute OpenDm => new("POST /users/@me/channels", "");
    public static RestRoute CurrentApplication => new("GET /applications/@me", "");
    public static RestRoute GatewayBot => new("GET /gateway/bot", "");
    public static RestRoute OverwriteCommands(string applicationId, string? guildId) =>
        guildId is null ? new("PUT /applications/{app}/commands", applicationId) : new("PUT /applications/{app}/guilds/{guild}/commands", guildId);
    public static RestRoute InteractionCallback(string interactionId) => new("POST /interactions/{id}/{token}/callback", interactionId);
    public static RestRoute EditOriginal(string applicationId) => new("PATCH /webhooks/{app}/{token}/messages/@original", applicationId);
}
