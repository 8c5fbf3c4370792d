using BorderAlertBot.Core.Storage;
using BorderAlertBot.Feeds.Polling;
using BorderAlertBot.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BorderAlertBot.Cli;

/// <summary>`health`: exit 0 when the scheduler has completed a poll pass recently (the container HEALTHCHECK).</summary>
public static class HealthVerb
{
    public static async Task<int> ExecuteAsync(CliContext context, CancellationToken cancellationToken)
    {
        var builder = AppHost.CreateBuilder(context, LogLevel.Warning);
        using var host = builder.Build();
        AppHost.ValidateOptions(host.Services);
        var store = await AppHost.OpenStoreAsync(host.Services, cancellationToken);
        var now = host.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        var (healthy, why) = await PollHeartbeat.CheckAsync(store, host.Services.GetRequiredService<IOptions<PollingOptions>>().Value, now, cancellationToken);
        await context.Out.WriteLineAsync($"{(healthy ? "healthy" : "unhealthy")}: {why}");
        return healthy ? ExitCodes.Ok : ExitCodes.Failed;
    }
}
