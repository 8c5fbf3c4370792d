using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using BorderAlertBot.Core.Delivery;
using BorderAlertBot.Core.Reports;
using BorderAlertBot.Discord.Messages;
using BorderAlertBot.Discord.Rest;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BorderAlertBot.Discord;

/// <summary>
/// Posts alerts to "discord:&lt;channelId&gt;" and DMs "discord-user:&lt;userId&gt;" (opening the DM channel
/// first). Maps Discord's answers to outcomes: 429 and 5xx retry; a channel we cannot reach is disabled;
/// a user who does not take DMs (50007) is paused, and their subscriptions with them.
/// </summary>
public sealed partial class DiscordSink(DiscordRestClient rest, IOptions<DiscordOptions> options, ILogger<DiscordSink> logger) : IChatSink
{
    public const string PlatformName = "discord";
    private readonly ConcurrentDictionary<string, string> _dmChannels = new(StringComparer.Ordinal);

    public string Platform => PlatformName;

    public async Task<DeliveryResult> SendAsync(DeliveryRequest request, CancellationToken cancellationToken)
    {
        var destination = request.Destination;
        if (!DiscordOptionsValidator.IsSnowflake(destination.Target))
            return DeliveryResult.Failed($"'{destination.Key}' is not a Discord channel or user id", DestinationStatus.Disabled);

        string channelId;
        if (destination.IsUser)
        {
            var (dm, failure) = await OpenDmAsync(destination.Target, cancellationToken);
            if (failure is not null) return failure;
            channelId = dm!;
        }
        else channelId = destination.Target;

        // Role pings are for channels; a DM is already personal.
        var body = AlertMessage.Build(request.Alert, request.DeliveryId, request.ReplyToMessageId, destination.IsUser ? null : options.Value.RolePing);
        var response = await rest.SendAsync(HttpMethod.Post, $"channels/{channelId}/messages", RestRoute.CreateMessage(channelId), body, cancellationToken);
        var result = Map(response, destination.IsUser);
        if (result.Outcome == DeliveryOutcome.Sent) LogSent(logger, request.DeliveryId, destination.Key, result.MessageId ?? "");
        return result;
    }

    /// <summary>Discord lets about five messages a five seconds into one channel: one a second.</summary>
    public int Capacity(Destination destination, TimeSpan window) => Math.Max(1, (int)window.TotalSeconds);

    public async Task<DeliveryResult> SendNoticeAsync(Destination destination, string text, CancellationToken cancellationToken)
    {
        if (!DiscordOptionsValidator.IsSnowflake(destination.Target)) return DeliveryResult.Failed($"'{destination.Key}' is not a Discord channel or user id");
        var (channelId, failure) = await ChannelAsync(destination, cancellationToken);
        if (failure is not null) return failure;
        string content = "**BorderAlertBot**: " + text;
        var body = new JsonObject
        {
            ["content"] = content.Length > 2000 ? content[..1999] + "…" : content,
            ["allowed_mentions"] = new JsonObject { ["parse"] = new JsonArray() },
        };
        var response = await rest.SendAsync(HttpMethod.Post, $"channels/{channelId}/messages", RestRoute.CreateMessage(channelId), body, cancellationToken);
        return Map(response, destination.IsUser);
    }

    /// <summary>One message: the text as content (escaped, no pings) and the pictures uploaded as files[n], each shown in an embed by attachment:// URL.</summary>
    public async Task<DeliveryResult> SendPicturesAsync(Destination destination, string text, IReadOnlyList<Attachment> pictures, CancellationToken cancellationToken)
    {
        if (!DiscordOptionsValidator.IsSnowflake(destination.Target)) return DeliveryResult.Failed($"'{destination.Key}' is not a Discord channel or user id", DestinationStatus.Disabled);
        var (channelId, failure) = await ChannelAsync(destination, cancellationToken);
        if (failure is not null) return failure;
        var body = new JsonObject
        {
            ["content"] = DiscordText.Trim(DiscordText.Escape(text), DiscordLimits.Content),
            ["allowed_mentions"] = new JsonObject { ["parse"] = new JsonArray() },
        };
        string path = $"channels/{channelId}/messages";
        if (pictures.Count == 0) return Map(await rest.SendAsync(HttpMethod.Post, path, RestRoute.CreateMessage(channelId), body, cancellationToken), destination.IsUser);
        PictureEmbeds.Add(body, pictures);
        return Map(await rest.SendWithFilesAsync(HttpMethod.Post, path, RestRoute.CreateMessage(channelId), body, pictures, cancellationToken), destination.IsUser);
    }

    /// <summary>The channel to post in: the destination's own, or the DM channel with a user.</summary>
    private async Task<(string ChannelId, DeliveryResult? Failure)> ChannelAsync(Destination destination, CancellationToken cancellationToken)
    {
        if (!destination.IsUser) return (destination.Target, null);
        var (dm, failure) = await OpenDmAsync(destination.Target, cancellationToken);
        return (dm ?? "", failure);
    }

    private async Task<(string? ChannelId, DeliveryResult? Failure)> OpenDmAsync(string userId, CancellationToken cancellationToken)
    {
        if (_dmChannels.TryGetValue(userId, out var cached)) return (cached, null);
        var response = await rest.SendAsync(HttpMethod.Post, "users/@me/channels", RestRoute.OpenDm, new JsonObject { ["recipient_id"] = userId }, cancellationToken);
        if (response.IsSuccess && response.GetString("id") is { } id)
        {
            _dmChannels[userId] = id;
            return (id, null);
        }
        return (null, Map(response, isUser: true));
    }

    internal static DeliveryResult Map(DiscordResponse response, bool isUser)
    {
        if (response.IsSuccess)
            return response.GetString("id") is { } id ? DeliveryResult.Sent(id) : DeliveryResult.Retry("Discord answered without a message id");
        string error = "Discord: " + response.Describe();
        return response.Status switch
        {
            0 or 429 or >= 500 => DeliveryResult.Retry(error, response.RetryAfter),
            // The token was rejected: nobody's fault but the configuration; keep the alert and retry later.
            401 => DeliveryResult.Retry(error + " — check BorderAlert:Discord:Token", TimeSpan.FromMinutes(15)),
            403 when response.Code == DiscordErrorCodes.CannotSendToUser => DeliveryResult.Failed(error, DestinationStatus.Paused),
            403 => DeliveryResult.Failed(error, isUser ? DestinationStatus.Paused : DestinationStatus.Disabled),
            404 => DeliveryResult.Failed(error, isUser ? DestinationStatus.Paused : DestinationStatus.Disabled),
            400 when response.Code is DiscordErrorCodes.CannotSendToUser => DeliveryResult.Failed(error, DestinationStatus.Paused),
            _ => DeliveryResult.Failed(error),
        };
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Delivery {DeliveryId} posted to {Destination} as message {MessageId}")]
    private static partial void LogSent(ILogger logger, long deliveryId, string destination, string messageId);
}
