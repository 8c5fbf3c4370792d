using System.Collections.Concurrent;
using System.Text.Json;
using BorderAlertBot.Core.Delivery;
using BorderAlertBot.Core.Intake;
using BorderAlertBot.Discord.Interactions;
using BorderAlertBot.Discord.Rest;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using BorderAlertBot.Core.Retry;

namespace BorderAlertBot.Discord.Gateway;

/// <summary>
/// `run` on Discord: learns the application id, registers the slash commands, then keeps the gateway
/// connected and hands each interaction to the <see cref="InteractionHandler"/> (without blocking the
/// socket). A rejected token or a fatal close code is reported once, stops the host, and makes `run`
/// exit non-zero instead of looping. On stop, interactions in flight are finished before the host ends.
/// </summary>
public sealed partial class DiscordBotService(
    DiscordRestClient rest,
    CommandRegistrar registrar,
    InteractionHandler interactions,
    IOptions<DiscordOptions> options,
    DiscordTuning tuning,
    TimeProvider time,
    Random random,
    FatalError fatal,
    IHostApplicationLifetime lifetime,
    ILogger<DiscordBotService> logger,
    ChatConnections? connections = null,
    IntakeOwnership? ownership = null) : BackgroundService
{
    /// <summary>Interactions need no intent; nothing else is read from the gateway.</summary>
    public const int Intents = 0;

    private readonly ConcurrentDictionary<Task, bool> _inFlight = new();
    private volatile bool _commandsRegistered;

    /// <summary>Holds the gateway session only while this instance owns the cluster's Discord intake (two sessions would both receive every interaction).</summary>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (ownership is null) await RunSessionAsync(stoppingToken);
        else await ownership.RunOwnedAsync(DiscordSink.PlatformName, RunSessionAsync, stoppingToken);
        // Finish the interactions already answered "thinking…": their replies are not lost on stop.
        await Task.WhenAll(_inFlight.Keys);
    }

    private async Task RunSessionAsync(CancellationToken stoppingToken)
    {
        connections?.Starting(DiscordSink.PlatformName);
        try
        {
            var app = await registrar.GetApplicationAsync(stoppingToken);
            if (app.Status == 401) throw new GatewayFatalException(4004, "the token was rejected by GET /applications/@me; check BorderAlert:Discord:Token");
            if (app.GetString("id") is { } appId) _commandsRegistered = await registrar.RegisterAsync(appId, stoppingToken);
            else LogNoApplication(logger, app.Describe()); // READY carries the id too: registered then

            var url = await GatewayUrlAsync(stoppingToken);
            var client = new GatewayClient(options.Value.Token!, Intents, tuning, time, random, logger);
            await client.RunAsync(url, OnDispatchAsync, stoppingToken);
        }
        catch (GatewayFatalException ex)
        {
            LogFatal(logger, ex.Message);
            fatal.Report(ex.Message);
            lifetime.StopApplication();
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            // A bug, not a Discord answer: still stop clearly rather than run on without Discord.
            LogFatal(logger, $"the Discord adapter failed: {ex.GetType().Name}: {ex.Message}");
            fatal.Report($"the Discord adapter failed: {ex.Message}");
            lifetime.StopApplication();
        }
        connections?.Down(DiscordSink.PlatformName, "stopped");
    }

    private async Task<Uri> GatewayUrlAsync(CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(options.Value.GatewayUrl)) return new Uri(options.Value.GatewayUrl);
        for (int attempt = 1; ; attempt++)
        {
            var response = await rest.GetAsync("gateway/bot", RestRoute.GatewayBot, cancellationToken);
            if (response.Status == 401) throw new GatewayFatalException(4004, "the token was rejected by GET /gateway/bot; check BorderAlert:Discord:Token");
            if (response.IsSuccess && Uri.TryCreate(response.GetString("url"), UriKind.Absolute, out var url)) return url;
            LogNoGatewayUrl(logger, response.Describe());
            await Task.Delay(new Backoff(tuning.ReconnectBaseDelay, tuning.ReconnectMaxDelay).After(attempt), time, cancellationToken);
        }
    }

    private Task OnDispatchAsync(string type, JsonElement data)
    {
        if (type is "READY" or "RESUMED") connections?.Up(DiscordSink.PlatformName);
        if (type == "READY" && !_commandsRegistered && data.TryGetProperty("application", out var app) && app.TryGetProperty("id", out var id))
        {
            _commandsRegistered = true;
            string appId = id.GetString() ?? "";
            Track(() => registrar.RegisterAsync(appId, CancellationToken.None));
        }
        if (type == "INTERACTION_CREATE")
        {
            var interaction = data.Clone(); // the gateway's document is disposed once this returns
            Track(() => interactions.HandleAsync(interaction, CancellationToken.None));
        }
        return Task.CompletedTask;
    }

    /// <summary>
    /// Runs work off the socket's loop (a slow command must not delay heartbeats), not cancelled by stop
    /// (an acknowledged interaction gets its answer), and awaited before the service ends.
    /// </summary>
    private void Track(Func<Task> work)
    {
        var task = Task.Run(async () =>
        {
            try { await work(); }
            catch (Exception ex) { LogInteractionFailed(logger, ex); }
        }, CancellationToken.None);
        _inFlight[task] = true;
        _ = task.ContinueWith(t => _inFlight.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    [LoggerMessage(Level = LogLevel.Critical, Message = "Discord: {Reason}. Stopping: this needs a configuration fix, not a retry")]
    private static partial void LogFatal(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Discord: could not read the application ({Reason}); slash commands not registered")]
    private static partial void LogNoApplication(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Discord: GET /gateway/bot failed ({Reason}); retrying")]
    private static partial void LogNoGatewayUrl(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Discord: handling an event failed")]
    private static partial void LogInteractionFailed(ILogger logger, Exception ex);
}
