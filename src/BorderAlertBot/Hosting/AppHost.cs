using BorderAlertBot.Cli;
using BorderAlertBot.Configuration;
using BorderAlertBot.Core.Detection;
using BorderAlertBot.Core.Storage;
using BorderAlertBot.Sinks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using BorderAlertBot.Core.Feeds;

namespace BorderAlertBot.Hosting;

/// <summary>Builds the Generic Host every verb runs in: configuration, logging to standard error, services.</summary>
public static class AppHost
{
    public static HostApplicationBuilder CreateBuilder(CliContext context, LogLevel defaultLevel, IDictionary<string, string?>? verbOverrides = null)
    {
        string configDir = ConfigLocator.Find(context.Overrides);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            Args = [],
            ContentRootPath = Directory.GetCurrentDirectory(),
        });
        string appSettings = Path.Combine(configDir, "appsettings.json");
        AppSettingsFile.Check(appSettings);
        builder.Configuration.AddJsonFile(appSettings, optional: true, reloadOnChange: false);
        // The verb's own default log level (quiet for classify, demo, feeds…) wins over the file; the
        // environment (Logging__LogLevel__Default) still wins over both.
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = defaultLevel.ToString() });
        builder.Configuration.AddEnvironmentVariables();
        builder.Configuration.AddInMemoryCollection(context.Overrides);
        if (verbOverrides is not null) builder.Configuration.AddInMemoryCollection(verbOverrides);
        // Before anything binds: an unknown key or a value of the wrong kind stops every verb with its name.
        ConfigurationCheck.Check(builder.Configuration, OptionsSections.All);

        builder.Logging.ClearProviders();
        builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
        });
        // Logs go to standard error so standard output stays machine-readable.
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.AddFilter("Microsoft.Extensions.Http", LogLevel.Warning);
        builder.Logging.AddFilter("System.Net.Http", LogLevel.Warning);
        builder.Logging.AddFilter("Quartz", LogLevel.Warning);

        builder.Services.AddSingleton(new ConsoleOutput(context.Out));
        builder.AddCore(configDir);
        builder.AddFeeds();
        builder.Services.AddSingleton(new ConfigDirectory(configDir));
        context.ConfigureServices?.Invoke(builder.Services);
        return builder;
    }

    /// <summary>Validates options now (the same checks ValidateOnStart makes) for verbs that do not start the host.</summary>
    public static void ValidateOptions(IServiceProvider services) =>
        services.GetService<IStartupValidator>()?.Validate();

    /// <summary>
    /// For `run`: creates or migrates the store and seeds it from the feeds file in use. Only `run` does this:
    /// verbs that read (feeds list, command, health) open the store with <see cref="InitializeStoreAsync"/> and
    /// never change which feeds are active.
    /// </summary>
    public static async Task PrepareStoreAsync(IServiceProvider services, string? feedsFileOverride, CancellationToken cancellationToken)
    {
        var store = services.GetRequiredService<IStorage>();
        var dir = services.GetRequiredService<ConfigDirectory>().Path;
        var options = services.GetRequiredService<IOptions<BorderAlertOptions>>().Value;
        string feedsPath = feedsFileOverride is not null ? Path.GetFullPath(feedsFileOverride) : Path.GetFullPath(ConfigLocator.Resolve(dir, options.FeedsFile));
        var feeds = FeedsFile.Load(feedsPath);
        FeedsFile.CheckRegions(feeds, services.GetRequiredService<BorderDetector>(), feedsPath);
        await InitializeStoreAsync(store, cancellationToken);
        await store.Feeds.SyncFeedsAsync(FeedOrigins.File(feedsPath), feeds, services.GetRequiredService<TimeProvider>().GetUtcNow(), cancellationToken);
    }

    /// <summary>Creates or migrates the store of the configured provider and returns it.</summary>
    public static async Task<IStorage> OpenStoreAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var store = services.GetRequiredService<IStorage>();
        await InitializeStoreAsync(store, cancellationToken);
        return store;
    }

    public static async Task InitializeStoreAsync(IStorage store, CancellationToken cancellationToken)
    {
        try
        {
            await store.InitializeAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or IOException or UnauthorizedAccessException or InvalidOperationException or System.Net.Sockets.SocketException or TimeoutException)
        {
            throw new StorageException($"the store could not be opened: {ex.Message}", ex);
        }
    }
}

public sealed record ConfigDirectory(string Path);

public sealed class StorageException(string message, Exception inner) : Exception(message, inner);
