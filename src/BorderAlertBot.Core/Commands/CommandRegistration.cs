using BorderAlertBot.Core.Commands.Handlers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace BorderAlertBot.Core.Commands;

/// <summary>The chat commands: one line per handler; the order here is the order of /help and the menus.</summary>
public static class CommandRegistration
{
    public static IServiceCollection AddChatCommands(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<CommandRateLimiter>();
        services.AddOptions();
        services.TryAddSingleton<BotAdmins>();
        services.TryAddSingleton<ICommandService, CommandDispatcher>();
        services.AddCommand<LatestCommand>();
        services.AddCommand<SearchCommand>();
        services.AddCommand<StoryCommand>();
        services.AddCommand<WhyCommand>();
        services.AddCommand<TrendCommand>();
        services.AddCommand<MapCommand>();
        services.AddCommand<SubscribeCommand>();
        services.AddCommand<UnsubscribeCommand>();
        services.AddCommand<SubscriptionsCommand>();
        services.AddCommand<SourcesCommand>();
        services.AddCommand<SourceCommand>();
        services.AddCommand<StatusCommand>();
        services.AddCommand<SettingsCommand>();
        services.AddCommand<HelpCommand>();
        return services;
    }

    public static IServiceCollection AddCommand<THandler>(this IServiceCollection services) where THandler : class, ICommandHandler =>
        services.AddSingleton<ICommandHandler, THandler>();
}
