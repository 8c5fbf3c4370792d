using BorderAlertBot.Discord;
using BorderAlertBot.Telegram;
using Microsoft.Extensions.Hosting;

namespace BorderAlertBot.Hosting;

/// <summary>Registers the chat platforms whose tokens are configured (none: alerts go to the console).</summary>
public static class ChatAdapters
{
    public static IHostApplicationBuilder AddChatAdapters(this IHostApplicationBuilder builder, bool runMode)
    {
        builder.AddTelegram(runMode);
        builder.AddDiscord(runMode);
        return builder;
    }
}
