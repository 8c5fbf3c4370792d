using BorderAlertBot.Configuration;
using BorderAlertBot.Feeds.Polling;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Quartz;

namespace BorderAlertBot.Hosting;

/// <summary>
/// Periodic work that must happen once per cluster, not once per instance (pruning the store, digests,
/// notices). Such jobs run in a Quartz scheduler of their own, <see cref="SchedulerName"/>: with PostgreSQL
/// it keeps its schedule in the bot's database (the QRTZ_ tables of the migrations) in clustered mode, so
/// each period fires on one node and a dead node's jobs are taken over by another; with SQLite (one host)
/// it runs in memory. Per-instance work (the poll pass) stays in the default, in-memory scheduler.
/// <para>To add a job: write an <see cref="IJob"/> (its dependencies come from DI) and add one line to
/// <see cref="Register"/>; its schedule can be replaced with BorderAlert__Scheduler__Jobs__NAME.</para>
/// </summary>
public static class ClusterJobs
{
    public const string SchedulerName = "cluster";
    public const string Group = "cluster";

    /// <summary>Every cluster job, one line each.</summary>
    private static void Register(ClusterJobList jobs)
    {
        jobs.AddClusterJob<PruneStoreJob>(PruneStoreJob.Name, TimeSpan.FromHours(1));
    }

    /// <summary>The cluster scheduler of `run`, with every job of <see cref="Register"/>.</summary>
    public static IHostApplicationBuilder AddClusterScheduler(this IHostApplicationBuilder builder)
    {
        var storage = builder.Configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        var options = builder.Configuration.GetSection(SchedulerOptions.Section).Get<SchedulerOptions>() ?? new SchedulerOptions();
        builder.Services.AddValidatedOptions<SchedulerOptions, SchedulerOptionsValidator>(SchedulerOptions.Section);
        builder.Services.AddQuartz(SchedulerName, q =>
        {
            if (storage.Provider == "postgres")
            {
                q.UsePersistentStore(store =>
                {
                    store.UsePostgres(storage.ConnectionString);
                    store.UseClustering(c =>
                    {
                        c.CheckinInterval = options.CheckinInterval;
                        c.CheckinMisfireThreshold = options.CheckinMisfireThreshold;
                    });
                });
            }
            else
            {
                q.UseInMemoryStore();
            }
            var jobs = new ClusterJobList(builder.Services, q, options.Jobs);
            Register(jobs);
            jobs.CheckOverrides();
        });
        return builder;
    }
}

/// <summary>The registration API of cluster jobs (see <see cref="ClusterJobs"/>).</summary>
public sealed class ClusterJobList(IServiceCollection services, IQuartzBuilder quartz, IReadOnlyDictionary<string, string> overrides)
{
    // Periods count from a fixed instant, so every node computes the same fire times and a node that
    // (re)registers the trigger at start neither fires an extra time nor shifts the schedule.
    private static readonly DateTimeOffset Epoch = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly HashSet<string> _names = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Runs <typeparamref name="TJob"/> once per cluster every <paramref name="every"/>, at whole periods since 2000-01-01 UTC.</summary>
    public ClusterJobList AddClusterJob<TJob>(string name, TimeSpan every) where TJob : class, IJob =>
        Add<TJob>(name, every.ToString("c", System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Runs <typeparamref name="TJob"/> once per cluster at the times of a Quartz cron expression, in UTC ("0 0 9 ? * MON").</summary>
    public ClusterJobList AddClusterJob<TJob>(string name, string cron) where TJob : class, IJob => Add<TJob>(name, cron);

    private ClusterJobList Add<TJob>(string name, string schedule) where TJob : class, IJob
    {
        if (!_names.Add(name)) throw new InvalidOperationException($"cluster job '{name}' is registered twice");
        if (overrides.TryGetValue(name, out var given)) schedule = given;
        var apply = Parse(name, schedule);
        services.TryAddTransient<TJob>();
        var key = new JobKey(name, ClusterJobs.Group);
        // RequestRecovery: a run cut short by a dead node is run again by another.
        quartz.AddJob<ClusterJobRunner<TJob>>(j => j.WithIdentity(key).StoreDurably().RequestRecovery());
        quartz.AddTrigger((sp, t) => apply(t.ForJob(key).WithIdentity(name, ClusterJobs.Group), sp.GetRequiredService<TimeProvider>().GetUtcNow()));
        return this;
    }

    /// <summary>An override that names no registered job is a typo: stop with its key rather than ignore it.</summary>
    internal void CheckOverrides()
    {
        foreach (var name in overrides.Keys.Where(n => !_names.Contains(n)))
            throw new ConfigurationException($"BorderAlert__Scheduler__Jobs__{name}: there is no cluster job named '{name}' (known: {string.Join(", ", _names)})");
    }

    private static Action<ITriggerConfigurator<IJob>, DateTimeOffset> Parse(string name, string schedule)
    {
        if (TimeSpan.TryParse(schedule, System.Globalization.CultureInfo.InvariantCulture, out var every))
        {
            if (every < TimeSpan.FromSeconds(1))
                throw new ConfigurationException($"BorderAlert__Scheduler__Jobs__{name}: a period must be at least one second (got '{schedule}')");
            return (t, now) =>
            {
                long periods = (now - Epoch).Ticks / every.Ticks + 1; // the next whole period strictly after now
                t.StartAt(Epoch + TimeSpan.FromTicks(every.Ticks * periods))
                    .WithSchedule(SimpleScheduleBuilder.Create().WithInterval(every).RepeatForever()
                        .WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)); // periods missed while the cluster was down: skipped
            };
        }
        if (!CronExpression.TryParse(schedule, out _))
            throw new ConfigurationException($"BorderAlert__Scheduler__Jobs__{name}: '{schedule}' is neither a period (hh:mm:ss) nor a Quartz cron expression");
        return (t, now) => t.StartAt(now.AddSeconds(1))
            .WithSchedule(CronScheduleBuilder.Create(schedule).InTimeZone(TimeZoneInfo.Utc).WithMisfireInstruction(CronTriggerMisfireInstruction.DoNothing));
    }
}
