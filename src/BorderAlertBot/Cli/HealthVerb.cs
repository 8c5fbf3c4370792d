using System.Globalization;
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
        var interval = host.Services.GetRequiredService<IOptions<PollingOptions>>().Value.CheckInterval;
        var limit = TimeSpan.FromTicks(Math.Max(TimeSpan.FromMinutes(2).Ticks, interval.Ticks * 4));
        string? value = await store.GetValueAsync("last_poll_utc", cancellationToken);
        if (value is null || !DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var last))
        {
            await context.Out.WriteLineAsync("unhealthy: no poll pass has completed yet");
            return ExitCodes.Failed;
        }
        var age = now - last;
        bool healthy = age <= limit;
        await context.Out.WriteLineAsync($"{(healthy ? "healthy" : "unhealthy")}: last poll pass {age.TotalSeconds:0} s ago (limit {limit.TotalSeconds:0} s)");
        return healthy ? ExitCodes.Ok : ExitCodes.Failed;
    }
}
