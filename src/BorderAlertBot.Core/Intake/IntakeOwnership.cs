using BorderAlertBot.Core.Delivery;
using BorderAlertBot.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BorderAlertBot.Core.Intake;

/// <summary>
/// One owner per cluster for a chat platform's command intake (Telegram's long poll answers a second
/// poller with 409 Conflict; two Discord gateway sessions would both receive every interaction). The
/// intake runs only while this instance holds the database lease "intake:&lt;platform&gt;": it waits for the
/// lease, renews it every heartbeat interval, and stops the intake the moment the lease is lost. When the
/// owner dies its lease is free once its heartbeat expires, and a waiting instance takes over within one
/// more interval.
/// </summary>
public sealed partial class IntakeOwnership(
    IInstanceStore store,
    InstanceIdentity identity,
    IOptions<InstanceOptions> options,
    TimeProvider time,
    ILogger<IntakeOwnership> logger)
{
    public static string LeaseName(string platform) => "intake:" + platform;

    /// <summary>Runs <paramref name="intake"/> whenever this instance owns <paramref name="platform"/>'s intake, until <paramref name="stoppingToken"/>.</summary>
    public async Task RunOwnedAsync(string platform, Func<CancellationToken, Task> intake, CancellationToken stoppingToken)
    {
        string name = LeaseName(platform);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                if (await TryAcquireAsync(name, stoppingToken) is not { } until)
                {
                    if (!await DelayAsync(options.Value.HeartbeatInterval, stoppingToken)) return;
                    continue;
                }
                LogOwner(logger, platform, identity.Id);
                using var owned = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                var keeping = KeepAsync(name, platform, until, owned);
                bool lost;
                try
                {
                    await intake(owned.Token);
                }
                finally
                {
                    lost = owned.IsCancellationRequested;
                    await owned.CancelAsync();
                    await keeping;
                }
                // The intake ended by itself (a fatal chat error, nothing to answer): not restarted here.
                if (!lost) return;
            }
        }
        finally
        {
            // Stopping gracefully: another instance may take over at once.
            try { await store.ReleaseLeaseAsync(name, identity.Id, CancellationToken.None); }
            catch (Exception ex) when (ex is not OperationCanceledException) { LogRenewFailed(logger, platform, ex.Message); }
        }
    }

    private async Task<DateTimeOffset?> TryAcquireAsync(string name, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var until = now + options.Value.HeartbeatExpiry;
        try
        {
            return await store.TryAcquireLeaseAsync(name, identity.Id, now, until, cancellationToken) is null ? null : until;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogRenewFailed(logger, name, ex.Message);
            return null;
        }
    }

    /// <summary>Renews while the intake runs; cancels it when the lease went to another or could not be renewed before it ran out.</summary>
    private async Task KeepAsync(string name, string platform, DateTimeOffset until, CancellationTokenSource owned)
    {
        while (await DelayAsync(options.Value.HeartbeatInterval, owned.Token))
        {
            var now = time.GetUtcNow();
            try
            {
                if (await store.TryAcquireLeaseAsync(name, identity.Id, now, now + options.Value.HeartbeatExpiry, owned.Token) is not null)
                {
                    until = now + options.Value.HeartbeatExpiry;
                    continue;
                }
                LogLost(logger, platform);
            }
            catch (Exception ex) when (!owned.IsCancellationRequested)
            {
                LogRenewFailed(logger, platform, ex.Message);
                if (until - time.GetUtcNow() > options.Value.HeartbeatInterval) continue; // still ours for a while
                LogLost(logger, platform);
            }
            catch (OperationCanceledException) { return; }
            await owned.CancelAsync();
            return;
        }
    }

    private async Task<bool> DelayAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, time, cancellationToken);
            return true;
        }
        catch (OperationCanceledException) { return false; }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Platform} command intake: this instance ({Instance}) is the owner")]
    private static partial void LogOwner(ILogger logger, string platform, string instance);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Platform} command intake: ownership passed to another instance; stopping intake here")]
    private static partial void LogLost(ILogger logger, string platform);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Platform} command intake: the ownership lease could not be renewed ({Reason})")]
    private static partial void LogRenewFailed(ILogger logger, string platform, string reason);
}
