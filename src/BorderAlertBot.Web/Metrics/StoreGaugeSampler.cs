using BorderAlertBot.Core.Storage;
using BorderAlertBot.Core.Telemetry;
using Microsoft.AspNetCore.Http;

namespace BorderAlertBot.Web.Metrics;

/// <summary>
/// Reads the gauges that live in the store (outbox pending, feeds by state) right before /metrics is
/// served, so they are current at every scrape without a background timer. A store that cannot be read
/// leaves the last values; /readyz reports that.
/// </summary>
public sealed class StoreGaugeSampler(IAlertStore store, BotMetrics metrics)
{
    public async Task SampleAsync(CancellationToken cancellationToken)
    {
        try
        {
            int pending = await store.CountPendingDeliveriesAsync(cancellationToken);
            var feeds = await store.GetFeedsAsync(cancellationToken);
            metrics.StoreSampled(pending,
                active: feeds.Count(f => f.Active),
                failing: feeds.Count(f => f.Active && f.ConsecutiveFailures > 0),
                inactive: feeds.Count(f => !f.Active));
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
        }
    }

    public RequestDelegate Middleware(RequestDelegate next) => async context =>
    {
        await SampleAsync(context.RequestAborted);
        await next(context);
    };
}
