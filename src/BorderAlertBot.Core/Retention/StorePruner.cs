using BorderAlertBot.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BorderAlertBot.Core.Retention;

/// <summary>Turns the retention settings into cutoffs at the current time and prunes the store (the scheduled job and the benchmark call it).</summary>
public sealed partial class StorePruner(IRetentionStore store, ISettingsStore settings, IOptions<RetentionOptions> options, TimeProvider time, ILogger<StorePruner> logger)
{
    public static RetentionCutoffs CutoffsAt(DateTimeOffset now, RetentionOptions o) =>
        new(now, now - o.ItemHorizon, o.ListedRefresh, now - o.Alerts, now - o.Deliveries, o.BatchSize);

    public async Task<PruneCounts> PruneAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var counts = await store.PruneAsync(CutoffsAt(now, options.Value), cancellationToken);
        await settings.SetValueAsync(StoredKeys.LastPruneUtc, now.ToString("O"), cancellationToken);
        LogPruned(logger, counts.Items, counts.Alerts, counts.Stories, counts.Deliveries);
        return counts;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Store pruned: {Items} seen items, {Alerts} alerts, {Stories} stories, {Deliveries} deliveries")]
    private static partial void LogPruned(ILogger logger, long items, long alerts, long stories, long deliveries);
}
