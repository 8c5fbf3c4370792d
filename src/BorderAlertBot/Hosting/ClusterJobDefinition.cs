using BorderAlertBot.Configuration;
using Quartz;

namespace BorderAlertBot.Hosting;

/// <summary>One cluster job: its Quartz job, and its schedule as a trigger (a period or a cron expression in UTC).</summary>
public sealed class ClusterJobDefinition
{
    private readonly TimeSpan? _every;
    private readonly TimeSpan _firstAfter;
    private readonly string? _cron;

    private ClusterJobDefinition(IJobDetail job, TimeSpan? every, TimeSpan firstAfter, string? cron)
    {
        Job = job;
        _every = every;
        _firstAfter = firstAfter;
        _cron = cron;
    }

    private static IJobDetail Describe<TRunner>(string name) where TRunner : IJob =>
        JobBuilder.Create<TRunner>().WithIdentity(name, ClusterJobs.Group)
            .StoreDurably()
            .RequestRecovery() // a run cut short by a dead node is run again by another
            .Build();

    public IJobDetail Job { get; }
    public TriggerKey TriggerKey => new(Job.Key.Name, ClusterJobs.Group);

    /// <summary>Parses <paramref name="schedule"/>: a period ("01:00:00", at least a second) or a Quartz cron expression.</summary>
    public static ClusterJobDefinition Create<TRunner>(string name, string schedule, TimeSpan? firstAfter = null) where TRunner : IJob
    {
        if (TimeSpan.TryParse(schedule, System.Globalization.CultureInfo.InvariantCulture, out var every))
        {
            if (every < TimeSpan.FromSeconds(1))
                throw new ConfigurationException($"BorderAlert__Scheduler__Jobs__{name}: a period must be at least one second (got '{schedule}')");
            return new ClusterJobDefinition(Describe<TRunner>(name), every, firstAfter is { } f && f < every ? f : every, null);
        }
        if (!CronExpression.TryParse(schedule, out _))
            throw new ConfigurationException($"BorderAlert__Scheduler__Jobs__{name}: '{schedule}' is neither a period (hh:mm:ss) nor a Quartz cron expression");
        return new ClusterJobDefinition(Describe<TRunner>(name), null, TimeSpan.Zero, schedule);
    }

    /// <summary>When a trigger stored for the first time first fires: a period's first delay, or the next cron time.</summary>
    public DateTimeOffset FirstStart(DateTimeOffset now) => now + _firstAfter;

    /// <summary>Whether a stored trigger already carries this schedule (then it is left alone, its phase kept).</summary>
    public bool IsScheduledBy(ITrigger trigger) =>
        _every is { } every ? trigger is ISimpleTrigger s && s.RepeatInterval == every
        : trigger is ICronTrigger c && c.CronExpressionString == _cron;

    /// <summary>The trigger of this schedule, first firing at <paramref name="start"/> (a period) or at the next cron time after it.</summary>
    public ITrigger BuildTrigger(DateTimeOffset start, TimeProvider time)
    {
        var builder = TriggerBuilder.Create(time).WithIdentity(TriggerKey).ForJob(Job.Key).StartAt(start);
        // Periods or times missed while the whole cluster was down are skipped, not caught up on.
        return _every is { } every
            ? builder.WithSchedule(SimpleScheduleBuilder.Create().WithInterval(every).RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)).Build()
            : builder.WithSchedule(CronScheduleBuilder.Create(_cron!).InTimeZone(TimeZoneInfo.Utc).WithMisfireInstruction(CronTriggerMisfireInstruction.DoNothing)).Build();
    }
}
