using BorderAlertBot.Core.Retention;
using BorderAlertBot.Core.Storage;
using Quartz;

namespace BorderAlertBot.Hosting;

/// <summary>
/// Prunes the store to its retention windows, and forgets the rows of instances that stopped a day ago.
/// A cluster job (every <see cref="RetentionOptions.Interval"/>): one instance of the cluster runs it per
/// period. Each delete is idempotent, a batch at a time, so a run repeated after a crash is harmless.
/// </summary>
public sealed class PruneStoreJob(StorePruner pruner, IInstanceStore instances, TimeProvider time) : IJob
{
    public const string Name = "prune";

    /// <summary>The first prune waits a little, so a start-up's first poll pass does not share the machine with it.</summary>
    public static readonly TimeSpan FirstRunDelay = TimeSpan.FromMinutes(2);

    /// <summary>How long the row of an instance that stopped is kept (claims name it; their leases end long before).</summary>
    private static readonly TimeSpan ForgetInstancesAfter = TimeSpan.FromDays(1);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        await pruner.PruneAsync(cancellationToken);
        await instances.ForgetInstancesAsync(time.GetUtcNow() - ForgetInstancesAfter, cancellationToken);
    }
}
