using BorderAlertBot.Core.Delivery;
using BorderAlertBot.Feeds.Polling;
using BorderAlertBot.Hosting;
using BorderAlertBot.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using BorderAlertBot.Core.Storage;
using BorderAlertBot.Core.Feeds;

namespace BorderAlertBot.Cli;

/// <summary>`run`: the service. `run --once`: one poll of every feed, delivery of what it produced, exit.</summary>
public static partial class RunVerb
{
    public static async Task<int> ExecuteAsync(CliArguments args, CliContext context, CancellationToken cancellationToken)
    {
        var builder = AppHost.CreateBuilder(context, LogLevel.Information);
        if (!args.Once) builder.AddInstanceHeartbeat();
        builder.AddChatAdapters(runMode: !args.Once);
        if (!args.Once)
        {
            builder.AddScheduling();
            builder.AddWeb();
        }
        using var host = builder.Build();
        AppHost.ValidateOptions(host.Services);
        await AppHost.PrepareStoreAsync(host.Services, args.FeedsFile, cancellationToken);

        var log = host.Services.GetRequiredService<ILogger<FeedPoller>>();
        var feeds = await host.Services.GetRequiredService<Core.Feeds.IFeedStore>().GetFeedsAsync(cancellationToken);
        var platforms = host.Services.GetServices<Core.Delivery.IChatSink>().Select(s => s.Platform).Where(p => p != Core.Delivery.Destination.Console.Platform).Distinct().ToList();
        LogStart(log, args.Once ? "run --once" : "run", feeds.Count(f => f.Active), feeds.Count, platforms.Count > 0 ? string.Join(", ", platforms) : "the console");
        if (!feeds.Any(f => f.Active))
        {
            // A bot that silently polls nothing is the worst failure an alert bot can have: say so on standard error whatever the log level.
            await context.Error.WriteLineAsync(feeds.Count == 0
                ? "WARNING: no feed is active, nothing will be polled: the feeds file lists no feeds (add some, or /source add URL)."
                : $"WARNING: no feed is active, nothing will be polled: all {feeds.Count} feeds are paused or were given up on (see `feeds list`; `feeds enable ID` brings one back).");
        }

        if (!args.Once)
        {
            var fatalError = host.Services.GetService<FatalError>(); // RunAsync disposes the host
            await host.RunAsync(cancellationToken);
            if (fatalError?.Message is { } fatal)
            {
                await context.Error.WriteLineAsync($"fatal: {fatal}");
                return ExitCodes.Failed;
            }
            return ExitCodes.Ok;
        }

        // Registered like a `run` instance, so what it claims is free again as soon as it is gone.
        var heartbeat = host.Services.GetRequiredService<InstanceHeartbeat>();
        await heartbeat.StartAsync(cancellationToken);
        try
        {
            var poller = host.Services.GetRequiredService<FeedPoller>();
            var summary = await poller.PollAsync(allFeeds: true, cancellationToken);
            var (totals, pending) = await host.Services.GetRequiredService<DeliveryDrain>().DrainAsync(cancellationToken);
            string reasons = pending.Reasons.Count > 0 ? ": " + string.Join("; ", pending.Reasons) : "";
            LogCycleDone(log, summary.Feeds, summary.Failed, summary.NotModified, summary.Items, summary.Alerts, totals.Completed, totals.Sent, totals.Failed, pending.Total, reasons);
            // Non-zero only when something was left that this run could have sent: the wait ran out.
            return pending.Sendable > 0 ? ExitCodes.Failed : ExitCodes.Ok;
        }
        finally
        {
            await heartbeat.StopAsync(CancellationToken.None);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "BorderAlertBot {Mode}: {Active} of {Feeds} feeds active; alerts to {Sinks}")]
    private static partial void LogStart(ILogger logger, string mode, int active, int feeds, string sinks);

    // The words "deliveries completed" and the pending count are read by operators' scripts: keep them.
    [LoggerMessage(Level = LogLevel.Information, Message = "Cycle done: {Feeds} feeds ({Failed} failed, {NotModified} not modified), {Items} items, {Alerts} alerts, {Delivered} deliveries completed ({Sent} sent, {DeliveryFailed} failed, {Pending} pending{Reasons})")]
    private static partial void LogCycleDone(ILogger logger, int feeds, int failed, int notModified, int items, int alerts, int delivered, int sent, int deliveryFailed, int pending, string reasons);
}
