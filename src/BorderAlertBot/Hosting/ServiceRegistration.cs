using BorderAlertBot.Charts;
using BorderAlertBot.Configuration;
using BorderAlertBot.Core.Commands;
using BorderAlertBot.Core.Delivery;
using BorderAlertBot.Core.Detection;
using BorderAlertBot.Core.Intake;
using BorderAlertBot.Core.Pipeline;
using BorderAlertBot.Core.Reports;
using BorderAlertBot.Core.Retention;
using BorderAlertBot.Core.Storage;
using BorderAlertBot.Core.Stories;
using BorderAlertBot.Core.Summaries;
using BorderAlertBot.Core.Telemetry;
using BorderAlertBot.Feeds.Articles;
using BorderAlertBot.Feeds.Fetching;
using BorderAlertBot.Feeds.Parsing;
using BorderAlertBot.Feeds.Polling;
using BorderAlertBot.Feeds.Vetting;
using BorderAlertBot.Core.Sources;
using BorderAlertBot.Sinks;
using BorderAlertBot.Storage.Postgres;
using BorderAlertBot.Storage.Sqlite;
using BorderAlertBot.Web;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Quartz;
using BorderAlertBot.Core.Alerts;
using BorderAlertBot.Core.Feeds;

namespace BorderAlertBot.Hosting;

/// <summary>DI wiring, one method per area, so Program and the verbs stay small.</summary>
public static class ServiceRegistration
{
    /// <summary>Binds a section and validates it at start with its source-generated validator, failures under their keys.</summary>
    public static OptionsBuilder<T> AddValidatedOptions<T, TValidator>(this IServiceCollection services, string section)
        where T : class where TValidator : IValidateOptions<T>, new()
    {
        services.AddSingleton<IValidateOptions<T>>(new SectionValidator<T>(section, new TValidator()));
        return services.AddOptions<T>().BindConfiguration(section).ValidateOnStart();
    }

    public static IHostApplicationBuilder AddCore(this IHostApplicationBuilder builder, string configDir)
    {
        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(Random.Shared);
        services.AddValidatedOptions<BorderAlertOptions, BorderAlertOptionsValidator>(BorderAlertOptions.Section);
        services.AddValidatedOptions<StorageOptions, StorageOptionsValidator>(StorageOptions.Section);
        services.AddValidatedOptions<ConsoleOptions, ConsoleOptionsValidator>(ConsoleOptions.Section);
        services.AddValidatedOptions<PipelineOptions, PipelineOptionsValidator>(PipelineOptions.Section);
        services.AddValidatedOptions<StoryOptions, StoryOptionsValidator>(StoryOptions.Section);
        services.AddValidatedOptions<DispatcherOptions, DispatcherOptionsValidator>(DispatcherOptions.Section);
        services.AddValidatedOptions<InstanceOptions, InstanceOptionsValidator>(InstanceOptions.Section);
        services.AddValidatedOptions<RetentionOptions, RetentionOptionsValidator>(RetentionOptions.Section)
            .PostConfigure<IConfiguration>(LegacyRetentionKeys.Apply);
        services.AddSingleton<StorePruner>();
        services.TryAddSingleton<InstanceIdentity>();
        services.AddSingleton<InstanceHeartbeat>();
        services.AddSingleton<IntakeOwnership>();

        services.AddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<BorderAlertOptions>>().Value;
            return DetectorFiles.Load(ConfigLocator.Resolve(configDir, o.GazetteerFile), ConfigLocator.Resolve(configDir, o.LexiconFile));
        });
        services.AddSingleton(sp => new IncidentPictures(sp.GetRequiredService<BorderDetector>().Gazetteer));
        services.AddSingleton<IIncidentPictures>(sp => sp.GetRequiredService<IncidentPictures>());
        services.AddMetrics();
        services.TryAddSingleton<BotMetrics>();
        services.TryAddSingleton<ChatConnections>();
        services.AddValidatedOptions<WebOptions, WebOptionsValidator>(WebOptions.Section);
        services.AddSingleton<Summarizer>();
        services.AddSingleton(sp => new StoryTracker(sp.GetRequiredService<IOptions<StoryOptions>>().Value, sp.GetRequiredService<BorderDetector>().PlaceGraph));
        services.AddSingleton<AlertRouter>();

        services.AddSingleton<IStorage>(sp =>
        {
            var o = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            try
            {
                return o.Provider == "postgres" ? new PostgresStorage(o.ConnectionString) : new SqliteStorage(o.ConnectionString);
            }
            catch (ArgumentException ex)
            {
                throw new ConfigurationException($"BorderAlert:Storage:ConnectionString is not a valid {o.Provider} connection string: {ex.Message}");
            }
        });
        services.AddStoragePorts();
        services.AddSingleton<SourceRegistry>();
        services.AddOptions<BotAdminOptions>().BindConfiguration(BotAdminOptions.Section);

        services.AddSingleton<DispatchSignal>();
        services.AddSingleton<IDeliveryWakeup>(sp => sp.GetRequiredService<DispatchSignal>());
        services.AddSingleton<ItemPipeline>();
        services.AddSingleton<DeliveryDispatcher>();
        services.AddSingleton<DeliveryDrain>();
        services.AddValidatedOptions<CommandOptions, CommandOptionsValidator>(CommandOptions.Section);
        services.AddChatCommands();
        services.TryAddSingleton<FloodGuard>();
        services.AddSingleton<ISubscriberRouter, SubscriptionRouter>();
        services.AddSingleton<IChannelDirectory, ConfiguredChannels>();
        services.TryAddSingleton<ConsoleOutput>();
        services.AddSingleton<IChatSink, ConsoleAlertSink>();
        services.AddValidatedOptions<AdminOptions, AdminOptionsValidator>(AdminOptions.Section);
        services.AddSingleton<IValidateOptions<AdminOptions>, AdminDestinationValidator>();
        services.TryAddSingleton<IAdminNotifier, AdminNotifier>();
        return builder;
    }

    public static IHostApplicationBuilder AddFeeds(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<FetchOptions, FetchOptionsValidator>(FetchOptions.Section);
        services.AddValidatedOptions<PollingOptions, PollingOptionsValidator>(PollingOptions.Section);
        services.TryAddSingleton<IHostResolver, DnsHostResolver>();
        services.AddHttpClient(FeedFetcher.ClientName, c => c.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(sp => GuardedHttpHandler.Create(
                sp.GetRequiredService<IOptions<FetchOptions>>().Value, sp.GetRequiredService<IHostResolver>()));
        services.AddSingleton<FeedFetcher>();
        services.AddSingleton<FeedParser>();
        services.AddSingleton<FeedPoller>();
        services.AddSingleton<FirstPassReport>();
        services.AddSingleton<ISourceVetter, FeedVetter>();
        services.AddSingleton<IArticleEnricher, ArticleEnricher>();
        return builder;
    }

    /// <summary>This process's heartbeat in the database, first of the hosted services: claims name a registered owner.</summary>
    public static IHostApplicationBuilder AddInstanceHeartbeat(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHostedService(sp => sp.GetRequiredService<InstanceHeartbeat>());
        return builder;
    }

    /// <summary>The long-running parts of `run`: the Quartz polling schedule and the dispatcher.</summary>
    public static IHostApplicationBuilder AddScheduling(this IHostApplicationBuilder builder)
    {
        var checkInterval = builder.Configuration.GetSection(PollingOptions.Section).Get<PollingOptions>()?.CheckInterval ?? new PollingOptions().CheckInterval;
        var pruneInterval = builder.Configuration.GetSection(RetentionOptions.Section).Get<RetentionOptions>()?.Interval ?? new RetentionOptions().Interval;
        builder.Services.AddQuartz(q =>
        {
            q.AddJob<PruneStoreJob>(j => j.WithIdentity(PruneStoreJob.Key));
            q.AddTrigger(t => t
                .ForJob(PruneStoreJob.Key)
                .WithIdentity("prune-store-trigger", "borderalert")
                .StartAt(TimeProvider.System.GetUtcNow() + PruneStoreJob.FirstRunDelay)
                .WithSchedule(SimpleScheduleBuilder.Create()
                    .WithInterval(pruneInterval)
                    .RepeatForever()
                    .WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)));
            q.AddJob<PollFeedsJob>(j => j.WithIdentity(PollFeedsJob.Key));
            q.AddTrigger(t => t
                .ForJob(PollFeedsJob.Key)
                .WithIdentity("poll-feeds-trigger", "borderalert")
                .StartNow()
                .WithSchedule(SimpleScheduleBuilder.Create()
                    .WithInterval(checkInterval)
                    .RepeatForever()
                    .WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)));
        });
        builder.Services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        builder.Services.AddHostedService<DispatchService>();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(8));
        return builder;
    }
}
