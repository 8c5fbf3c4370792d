using BorderAlertBot.Core.Delivery;
using Microsoft.Extensions.Logging;
using Quartz;

namespace BorderAlertBot.Hosting;

/// <summary>
/// Runs a cluster job and says so in the log (which job, the period it fired for, which instance ran it),
/// so an operator can see that each period ran once and where. [DisallowConcurrentExecution] holds across
/// the cluster on the clustered store: a slow run is never overlapped by the next period's, on any node.
/// </summary>
[DisallowConcurrentExecution]
public sealed partial class ClusterJobRunner<TJob>(TJob job, InstanceIdentity instance, ILogger<ClusterJobRunner<TJob>> logger) : IJob
    where TJob : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        LogFired(logger, context.JobDetail.Key.Name, context.ScheduledFireTimeUtc, instance.Id, context.Recovering ? " (recovered from a node that died)" : "");
        await job.Execute(context, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Cluster job {Job} fired for {Scheduled:O} on instance {Instance}{Recovered}")]
    private static partial void LogFired(ILogger logger, string job, DateTimeOffset? scheduled, string instance, string recovered);
}
