using BorderAlertBot.Core.Delivery;
using BorderAlertBot.Discord;
using BorderAlertBot.Telegram;
using BorderAlertBot.Webhook;
using Microsoft.Extensions.Hosting;

namespace BorderAlertBot.Hosting;

/// <summary>
/// The adapter list: every platform the bot can deliver to. A new platform is one line in each member
/// here (and its project in the solution); Core and the other adapters do not change.
/// </summary>
public static class ChatAdapters
{
    /// <summary>The platform names destinations may carry (the console's, then each adapter's).</summary>
    public static readonly IReadOnlyList<string> Platforms =
        [Destination.Console.Platform, TelegramSink.PlatformName, DiscordSink.PlatformName, WebhookSink.PlatformName];

    /// <summary>Registers the platforms whose tokens or URLs are configured (none: alerts go to the console).</summary>
    public static IHostApplicationBuilder AddChatAdapters(this IHostApplicationBuilder builder, bool runMode)
    {
        builder.AddTelegram(runMode);
        builder.AddDiscord(runMode);
        builder.AddWebhooks();
        return builder;
    }
}
