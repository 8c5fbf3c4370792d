using BorderAlertBot.Core.Alerts;
using BorderAlertBot.Core.Delivery;
using BorderAlertBot.Core.Feeds;
using BorderAlertBot.Core.Pipeline;
using BorderAlertBot.Core.Retention;
using BorderAlertBot.Core.Stories;
using Microsoft.Extensions.DependencyInjection;

namespace BorderAlertBot.Core.Storage;

/// <summary>Registers every port of the registered <see cref="IStorage"/>, so consumers ask for the one they use.</summary>
public static class StorageRegistration
{
    public static IServiceCollection AddStoragePorts(this IServiceCollection services)
    {
        services.AddSingleton(sp => sp.GetRequiredService<IStorage>().Feeds);
        services.AddSingleton(sp => sp.GetRequiredService<IStorage>().Items);
        services.AddSingleton(sp => sp.GetRequiredService<IStorage>().Stories);
        services.AddSingleton(sp => sp.GetRequiredService<IStorage>().Alerts);
        services.AddSingleton(sp => sp.GetRequiredService<IStorage>().Outbox);
        services.AddSingleton(sp => sp.GetRequiredService<IStorage>().Destinations);
        services.AddSingleton(sp => sp.GetRequiredService<IStorage>().Subscriptions);
        services.AddSingleton(sp => sp.GetRequiredService<IStorage>().Settings);
        services.AddSingleton(sp => sp.GetRequiredService<IStorage>().Instances);
        services.AddSingleton(sp => sp.GetRequiredService<IStorage>().StoryLock);
        services.AddSingleton(sp => sp.GetRequiredService<IStorage>().Retention);
        return services;
    }
}
