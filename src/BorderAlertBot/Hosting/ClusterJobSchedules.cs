using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Quartz;

namespace BorderAlertBot.Hosting;

/// <summary>
/// Stores the cluster jobs and their triggers in the cluster scheduler at start. A trigger already stored
/// with the same schedule is left alone, so an instance that starts (or restarts) neither fires a job an
/// extra time nor moves its schedule; a changed schedule replaces the stored one from its next firing on.
/// When two instances start at once, one stores the trigger and the other finds it there.
/// </summary>
public sealed partial class ClusterJobSchedules(
    [FromKeyedServices(ClusterJobs.SchedulerName)] IScheduler scheduler,
    IEnumerable<ClusterJobDefinition> jobs,
    TimeProvider time,
    ILogger<ClusterJobSchedules> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var job in jobs)
        {
            await scheduler.AddJob(job.Job, new AddJobOptions { Replace = true }, cancellationToken);
            var stored = await scheduler.GetTrigger(job.TriggerKey, cancellationToken);
            if (stored is not null && job.IsScheduledBy(stored)) continue;
            if (stored is not null)
            {
                await scheduler.RescheduleJob(job.TriggerKey, job.BuildTrigger(stored.NextFireTimeUtc ?? time.GetUtcNow(), time), cancellationToken);
                LogRescheduled(logger, job.Job.Key.Name);
                continue;
            }
            try
            {
                await scheduler.ScheduleJob(job.BuildTrigger(job.FirstStart(time.GetUtcNow()), time), new ScheduleJobOptions(), cancellationToken);
            }
            catch (ObjectAlreadyExistsException)
            {
                // Another instance stored it a moment ago: its schedule is the same.
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Cluster job {Job}: the schedule changed, the stored trigger is replaced")]
    private static partial void LogRescheduled(ILogger logger, string job);
}
