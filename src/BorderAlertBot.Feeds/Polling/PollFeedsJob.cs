using Quartz;

namespace BorderAlertBot.Feeds.Polling;

/// <summary>
/// The one recurring Quartz job: every <see cref="PollingOptions.CheckInterval"/> it polls the feeds that
/// are due, as the store says. Why one job and not one per feed: at 50,000 feeds, 50,000 triggers would
/// make the scheduler itself the bottleneck (and, clustered, its lock table); here scheduling state is
/// one indexed column (next_poll_utc) and each feed's interval, jitter and backoff live with its health.
/// Never two polls of one feed at once: [DisallowConcurrentExecution] in this process, and the store's
/// claim is a lease, so several instances on one database share the due feeds without overlap.
/// Why this job is not a clustered one (unlike the cluster jobs, which fire once per cluster): a clustered
/// trigger fires on one node per period, so one instance would poll while the others idle, and a pass
/// would wait for the cluster's trigger lock; with every instance running its own in-memory trigger and
/// claiming due feeds with FOR UPDATE SKIP LOCKED (claims sized to what it fetches soon, renewed while it
/// works, free once its heartbeat stops), the polling scales with the instances and a dead instance's
/// feeds are polled by the others within its heartbeat expiry. Misfires after downtime fire once (the due
/// query catches up on everything that was missed).
/// </summary>
[DisallowConcurrentExecution]
public sealed class PollFeedsJob(FeedPoller poller, FirstPassReport firstPass) : IJob
{
    public static readonly JobKey Key = new("poll-feeds", "borderalert");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var summary = await poller.PollAsync(allFeeds: false, cancellationToken);
        await firstPass.AfterPassAsync(summary, cancellationToken);
    }
}
