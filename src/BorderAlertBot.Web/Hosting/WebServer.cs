using BorderAlertBot.Charts;
using BorderAlertBot.Core.Delivery;
using BorderAlertBot.Core.Storage;
using BorderAlertBot.Core.Telemetry;
using BorderAlertBot.Feeds.Polling;
using BorderAlertBot.Web.Health;
using BorderAlertBot.Web.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace BorderAlertBot.Web.Hosting;

/// <summary>
/// Kestrel inside `run`: a small web application started and stopped with the bot's host, sharing the
/// bot's store, clock, metrics and logging (its container only adds what HTTP needs). It is its own
/// application so the bot's Generic Host and every other verb stay free of ASP.NET Core.
/// </summary>
public sealed partial class WebServer(IServiceProvider bot, IOptions<WebOptions> options, WebAddress address, ILogger<WebServer> logger) : IHostedService, IAsyncDisposable
{
    private WebApplication? _app;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = typeof(WebServer).Assembly.GetName().Name });
        builder.WebHost.UseKestrelCore();
        builder.WebHost.UseUrls(o.Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        builder.WebHost.ConfigureKestrel(k => k.AddServerHeader = false);
        builder.Services.AddRoutingCore();
        builder.Services.AddSingleton(bot.GetRequiredService<ILoggerFactory>());
        builder.Services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        builder.Services.AddSingleton(bot.GetRequiredService<IAlertStore>());
        builder.Services.AddSingleton(bot.GetRequiredService<TimeProvider>());
        builder.Services.AddSingleton(bot.GetRequiredService<IOptions<WebOptions>>());
        builder.Services.AddSingleton(bot.GetRequiredService<IOptions<PollingOptions>>());
        builder.Services.AddSingleton(bot.GetRequiredService<ChatConnections>());
        builder.Services.AddSingleton(bot.GetRequiredService<IncidentPictures>());
        var metrics = bot.GetRequiredService<BotMetrics>();
        builder.Services.AddSingleton(metrics);
        builder.Services.AddSingleton<StoreGaugeSampler>();

        builder.Services.AddHealthChecks()
            .AddCheck("process", () => Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Healthy("running"), tags: ["live"])
            .AddCheck<StoreHealthCheck>("store", tags: ["ready"])
            .AddCheck<PollingHealthCheck>("polling", tags: ["ready"])
            .AddCheck<ChatHealthCheck>("chat", tags: ["ready"]);

        // Only this bot's meter: in a process with several hosts (the tests) other meters share its name.
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("borderalert-bot"))
            .WithMetrics(m => m
            .AddMeter(BotMetrics.MeterName)
            .AddView(instrument => ReferenceEquals(instrument.Meter, metrics.Meter) ? null : MetricStreamConfiguration.Drop)
            .AddPrometheusExporter(p => p.ScrapeResponseCacheDurationMilliseconds = 0));

        var app = builder.Build();
        WebEndpoints.Map(app);
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch (IOException ex)
        {
            // Another instance (or program) has the port: the bot's job is the alerts, so it runs on without
            // its pages rather than not at all, and says so.
            LogCannotListen(logger, o.Urls, ex.Message);
            await app.DisposeAsync();
            address.Set([]);
            return;
        }
        _app = app;

        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses
            .Select(a => new Uri(a)).ToList() ?? [];
        address.Set(bound);
        LogListening(logger, string.Join(", ", bound));
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is not null) await _app.StopAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The status page cannot listen on {Urls} ({Reason}); running without it. Set BorderAlert__Web__Urls to a free address, or BorderAlert__Web__Enabled=false")]
    private static partial void LogCannotListen(ILogger logger, string urls, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Status page, feeds, health and metrics on {Addresses}")]
    private static partial void LogListening(ILogger logger, string addresses);
}
