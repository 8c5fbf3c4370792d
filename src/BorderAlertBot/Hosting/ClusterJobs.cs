using BorderAlertBot.Configuration;
using BorderAlertBot.Core.Retention;
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
/// <see cref="Register"/>; its schedule can be replaced with BorderAlert__Scheduler__Jobs__NAME. The
/// triggers are stored by <see cref="ClusterJobSchedules"/> at start.</para>
/// </summary>
public static class ClusterJobs
{
    public const string SchedulerName = "cluster";
    public const string Group = "cluster";

    /// <summary>Every cluster job, one line each.</summary>
    private static void Register(ClusterJobList jobs, IConfiguration configuration)
    {
        var retention = configuration.GetSection(RetentionOptions.Section).Get<RetentionOptions>() ?? new RetentionOptions();
        jobs.AddClusterJob<PruneStoreJob>(PruneStoreJob.Name, retention.Interval, PruneStoreJob.FirstRunDelay);
        jobs.AddClusterJob<WeeklyDigestJob>(WeeklyDigestJob.Name, WeeklyDigestJob.Interval, PruneStoreJob.FirstRunDelay);
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
        });
        var jobs = new ClusterJobList(builder.Services, options.Jobs);
        Register(jobs, builder.Configuration);
        jobs.CheckOverrides();
        builder.Services.AddHostedService<ClusterJobSchedules>();
        return builder;
    }
}

/// <summary>The registration API of cluster jobs (see <see cref="ClusterJobs"/>).</summary>
public sealed class ClusterJobList(IServiceCollection services, IReadOnlyDictionary<string, string> overrides)
{
    private readonly HashSet<string> _names = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Runs <typeparamref name="TJob"/> once per cluster every <paramref name="every"/>; the first time
    /// <paramref name="firstAfter"/> (at most one period) after the cluster's first start.
    /// </summary>
    public ClusterJobList AddClusterJob<TJob>(string name, TimeSpan every, TimeSpan? firstAfter = null) where TJob : class, IJob =>
        Add<TJob>(name, every.ToString("c", System.Globalization.CultureInfo.InvariantCulture), firstAfter);

    /// <summary>Runs <typeparamref name="TJob"/> once per cluster at the times of a Quartz cron expression, in UTC ("0 0 9 ? * MON").</summary>
    public ClusterJobList AddClusterJob<TJob>(string name, string cron) where TJob : class, IJob => Add<TJob>(name, cron, null);

    private ClusterJobList Add<TJob>(string name, string schedule, TimeSpan? firstAfter) where TJob : class, IJob
    {
        if (!_names.Add(name)) throw new InvalidOperationException($"cluster job '{name}' is registered twice");
        if (overrides.TryGetValue(name, out var given)) schedule = given;
        services.TryAddTransient<TJob>();
        services.TryAddTransient<ClusterJobRunner<TJob>>();
        services.AddSingleton(ClusterJobDefinition.Create<ClusterJobRunner<TJob>>(name, schedule, firstAfter));
        return this;
    }

    /// <summary>An override that names no registered job is a typo: stop with its key rather than ignore it.</summary>
    internal void CheckOverrides()
    {
        foreach (var name in overrides.Keys.Where(n => !_names.Contains(n)))
            throw new ConfigurationException($"BorderAlert__Scheduler__Jobs__{name}: there is no cluster job named '{name}' (known: {string.Join(", ", _names)})");
    }
}
