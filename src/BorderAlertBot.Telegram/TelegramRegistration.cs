using BorderAlertBot.Core.Commands;
using BorderAlertBot.Core.Delivery;
using BorderAlertBot.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace BorderAlertBot.Telegram;

public static class TelegramRegistration
{
    /// <summary>
    /// Telegram, when BorderAlert:Telegram:Token is set: the sink, the configured chats and — in `run`
    /// (<paramref name="runMode"/>), not `run --once` — the long-polling command service. No token: nothing.
    /// </summary>
    public static IHostApplicationBuilder AddTelegram(this IHostApplicationBuilder builder, bool runMode)
    {
        if (string.IsNullOrWhiteSpace(builder.Configuration[$"{TelegramOptions.Section}:Token"])) return builder;
        var services = builder.Services;
        services.AddSingleton<IValidateOptions<TelegramOptions>, TelegramOptionsValidator>();
        services.AddOptions<TelegramOptions>().BindConfiguration(TelegramOptions.Section).ValidateOnStart()
            // An empty variable (compose passes ${TELEGRAM_CHAT_ID:-} when it is unset) is no chat.
            .PostConfigure(o => o.ChatIds.RemoveAll(string.IsNullOrWhiteSpace));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IKeyValueStore>(sp => sp.GetRequiredService<IAlertStore>());
        services.AddHttpClient(TelegramConnection.ClientName)
            .RemoveAllLoggers()   // request URLs carry the token
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                AutomaticDecompression = System.Net.DecompressionMethods.All,
            });
        services.AddSingleton<TelegramConnection>();
        services.AddSingleton<SendScheduler>();
        services.AddSingleton<TelegramMessenger>();
        services.AddSingleton<TelegramAdminCheck>();
        services.AddSingleton<TelegramReplyQueue>();
        services.TryAddSingleton<FloodGuard>();
        services.AddSingleton<IChatSink, TelegramSink>();
        services.AddSingleton<IChannelSource, TelegramChannelSource>();
        if (runMode) services.AddHostedService<TelegramUpdateService>();
        return builder;
    }
}
