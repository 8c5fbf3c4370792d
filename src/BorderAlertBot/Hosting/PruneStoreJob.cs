using BorderAlertBot.Core.Retention;
using Quartz;

namespace BorderAlertBot.Hosting;

/// <summary>
/// Every <see cref="RetentionOptions.Interval"/>: prunes the store to its retention windows. Safe in every
/// instance at once (each delete is idempotent, a batch at a time); never twice at once in one process.
/// </summary>
[DisallowConcurrentExecution]
public sealed class PruneStoreJob(StorePruner pruner) : IJob
{
    public static readonly JobKey Key = new("prune-store", "borderalert");

    /// <summary>The first prune waits a little, so a start-up's first poll pass does not share the machine with it.</summary>
    public static readonly TimeSpan FirstRunDelay = TimeSpan.FromMinutes(2);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default) =>
        await pruner.PruneAsync(cancellationToken);
}
