using BorderAlertBot.Core.Reports;
using Quartz;

namespace BorderAlertBot.Hosting;

/// <summary>
/// Every <see cref="Interval"/>: posts the weekly digests that are due (a chat's local Monday 09:00 has
/// passed without a post for that week). Hourly, so a digest is at most an hour late. A cluster job
/// (<see cref="ClusterJobs"/>): one instance runs it per period; and each week is claimed in the store
/// before it is posted (<see cref="WeeklyDigest"/>), so even two runs at once post once.
/// </summary>
[DisallowConcurrentExecution]
public sealed class WeeklyDigestJob(WeeklyDigest digest) : IJob
{
    public const string Name = "weekly-digest";
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default) =>
        await digest.RunAsync(cancellationToken);
}
