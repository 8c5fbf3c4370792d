using BorderAlertBot.Core.Delivery;
using BorderAlertBot.Core.Storage;
using BorderAlertBot.Feeds.Polling;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace BorderAlertBot.Web.Health;

/// <summary>The store answers a read. Its error text is not shown (it can hold paths or host names).</summary>
public sealed class StoreHealthCheck(IAlertStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await store.GetValueAsync(PollHeartbeat.Key, cancellationToken);
            await store.CountPendingDeliveriesAsync(cancellationToken);
            return HealthCheckResult.Healthy("the store answers");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("the store cannot be read");
        }
    }
}

/// <summary>A poll pass completed recently (the same rule as the `health` verb).</summary>
public sealed class PollingHealthCheck(IAlertStore store, IOptions<PollingOptions> options, TimeProvider time) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var (healthy, why) = await PollHeartbeat.CheckAsync(store, options.Value, time.GetUtcNow(), cancellationToken);
            return healthy ? HealthCheckResult.Healthy(why) : HealthCheckResult.Unhealthy(why);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("the last poll pass cannot be read from the store");
        }
    }
}

/// <summary>Every chat adapter that started has its connection up (none configured: healthy).</summary>
public sealed class ChatHealthCheck(ChatConnections connections) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var states = connections.Snapshot();
        if (states.Count == 0) return Task.FromResult(HealthCheckResult.Healthy("no chat connection configured"));
        string text = string.Join(", ", states.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key} {kv.Value.Detail}"));
        return Task.FromResult(states.Values.All(s => s.Up) ? HealthCheckResult.Healthy(text) : HealthCheckResult.Unhealthy(text));
    }
}
