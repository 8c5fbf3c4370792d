using BorderAlertBot.Core.Commands;
using BorderAlertBot.Core.Delivery;
using BorderAlertBot.Discord.Gateway;
using BorderAlertBot.Discord.Interactions;
using BorderAlertBot.Discord.Rest;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace BorderAlertBot.Discord;

public static class DiscordRegistration
{
    /// <summary>
    /// Discord, when BorderAlert:Discord:Token is set: options (validated at start), the REST client, the
    /// sink and the configured channels; with <paramref name="runMode"/> (`run`, not `run --once`) also the
    /// gateway service that registers and answers slash commands.
    /// </summary>
    public static IHostApplicationBuilder AddDiscord(this IHostApplicationBuilder builder, bool runMode)
    {
        if (string.IsNullOrWhiteSpace(builder.Configuration[$"{DiscordOptions.Section}:Token"])) return builder;
        var services = builder.Services;
        services.AddSingleton<IValidateOptions<DiscordOptions>, DiscordOptionsValidator>();
        services.AddOptions<DiscordOptions>().BindConfiguration(DiscordOptions.Section).ValidateOnStart()
            // An empty variable (compose passes ${DISCORD_CHANNEL_ID:-} when it is unset) is no channel.
            .PostConfigure(o => o.ChannelIds.RemoveAll(string.IsNullOrWhiteSpace));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(Random.Shared);
        services.TryAddSingleton(new DiscordTuning());
        services.TryAddSingleton<FatalError>();
        services.AddHttpClient(DiscordRestClient.ClientName, (sp, client) =>
            DiscordRestClient.Configure(client, sp.GetRequiredService<IOptions<DiscordOptions>>().Value));
        services.AddSingleton<DiscordRateLimiter>();
        services.AddSingleton<DiscordRestClient>();
        services.AddSingleton<IChatSink, DiscordSink>();
        services.AddSingleton<IChannelSource, DiscordChannels>();
        if (runMode)
        {
            services.AddSingleton<CommandRegistrar>();
            services.AddSingleton<InteractionHandler>();
            services.TryAddSingleton<FloodGuard>();
            services.AddHostedService<DiscordBotService>();
        }
        return builder;
    }
}
