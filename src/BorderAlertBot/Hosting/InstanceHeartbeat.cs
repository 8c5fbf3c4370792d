using System.Diagnostics;
using BorderAlertBot.Core.Delivery;
using BorderAlertBot.Core.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BorderAlertBot.Hosting;

/// <summary>
/// Tells the database this process is alive: registers at start, renews every
/// <see cref="InstanceOptions.HeartbeatInterval"/>, and on a graceful stop declares itself dead so what it
/// still held is free at once. At start it also frees what earlier processes of this host held when
/// they are gone (killed with -9, the machine restarted): with SQLite every process is on this host, so
/// a restart takes over at once instead of waiting out the dead process's heartbeat.
/// </summary>
public sealed partial class InstanceHeartbeat(
    IInstanceStore store,
    InstanceIdentity identity,
    IOptions<InstanceOptions> options,
    TimeProvider time,
    ILogger<InstanceHeartbeat> logger) : IHostedService, IAsyncDisposable
{
    private readonly InstanceRecord _record = new(identity.Id, identity.Host, identity.ProcessId, time.GetUtcNow());
    private CancellationTokenSource? _stopping;
    private Task? _loop;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await BeatAsync(cancellationToken);
        await ReclaimDeadNeighboursAsync(cancellationToken);
        _stopping = new CancellationTokenSource();
        _loop = LoopAsync(_stopping.Token);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_stopping is null) return;
        await _stopping.CancelAsync();
        if (_loop is not null) await _loop;
        _stopping.Dispose();
        _stopping = null;
        try { await store.ExpireInstanceAsync(identity.Id, time.GetUtcNow(), cancellationToken); }
        catch (Exception ex) when (ex is not OperationCanceledException) { LogBeatFailed(logger, ex.Message); }
    }

    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None);

    private Task BeatAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        return store.HeartbeatAsync(_record, now, now + options.Value.HeartbeatExpiry, cancellationToken);
    }

    private async Task LoopAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                await Task.Delay(options.Value.HeartbeatInterval, time, cancellationToken);
                await BeatAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested) { return; }
            catch (Exception ex) { LogBeatFailed(logger, ex.Message); } // the database is away: try again next beat
        }
    }

    private async Task ReclaimDeadNeighboursAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        foreach (var other in await store.GetLiveInstancesAsync(now, cancellationToken))
        {
            if (other.Id == identity.Id || !string.Equals(other.Host, identity.Host, StringComparison.Ordinal) || IsRunning(other)) continue;
            await store.ExpireInstanceAsync(other.Id, now, cancellationToken);
            LogReclaimed(logger, other.Id);
        }
    }

    /// <summary>The process still runs, and is the same one (a process id reused later started after the registration).</summary>
    private static bool IsRunning(InstanceRecord other)
    {
        if (other.ProcessId == Environment.ProcessId) return true; // this process, another identity: a test host
        try
        {
            using var process = Process.GetProcessById((int)other.ProcessId);
            if (process.HasExited) return false;
            return process.StartTime.ToUniversalTime() <= other.StartedUtc.UtcDateTime.AddSeconds(5);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Instance heartbeat failed ({Reason}); retrying")]
    private static partial void LogBeatFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Instance {InstanceId} of this host is gone: what it held is free now")]
    private static partial void LogReclaimed(ILogger logger, string instanceId);
}
