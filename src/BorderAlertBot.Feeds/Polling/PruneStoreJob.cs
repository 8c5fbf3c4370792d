using BorderAlertBot.Core.Pipeline;
using BorderAlertBot.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;

namespace BorderAlertBot.Feeds.Polling;

/// <summary>
/// Keeps the store the size of its retention windows, not of its history: forgets seen items and finished
/// deliveries older than <see cref="PollingOptions.SeenRetention"/> and <see cref="PollingOptions.DeliveryRetention"/>,
/// and the rows of instances that stopped a day ago. A cluster job (hourly by default): one instance of the
/// cluster runs it per period, not every instance after every poll pass.
/// </summary>
public sealed partial class PruneStoreJob(
    IItemStore items,
    IInstanceStore instances,
    ISettingsStore settings,
    IOptions<PollingOptions> options,
    TimeProvider time,
    ILogger<PruneStoreJob> logger) : IJob
{
    public const string Name = "prune";

    /// <summary>How long the row of an instance that stopped is kept (claims name it; their leases end long before).</summary>
    private static readonly TimeSpan ForgetInstancesAfter = TimeSpan.FromDays(1);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var o = options.Value;
        int removed = await items.PruneAsync(now - o.SeenRetention, now - o.DeliveryRetention, cancellationToken);
        int forgotten = await instances.ForgetInstancesAsync(now - ForgetInstancesAfter, cancellationToken);
        await settings.SetValueAsync(StoredKeys.LastPruneUtc, now.ToString("O"), cancellationToken);
        LogPruned(logger, removed, forgotten);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Pruned {Rows} rows past their retention and {Instances} stopped instances")]
    private static partial void LogPruned(ILogger logger, int rows, int instances);
}
