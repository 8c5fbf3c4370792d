using System.Buffers;
using System.Net.WebSockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using BorderAlertBot.Core.Retry;

namespace BorderAlertBot.Discord.Gateway;

/// <summary>
/// One Discord gateway connection kept alive: Hello → heartbeats (the first after interval × jitter, then
/// every interval with the last sequence), Identify or Resume, dispatches handed to <c>onDispatch</c>
/// exactly once each (by sequence number, also across a Resume's replay), Reconnect (op 7), Invalid
/// Session (op 9), heartbeat requests (op 1), zombie detection (no ACK before the next beat), backoff on
/// repeated failures, fatal close codes thrown as <see cref="GatewayFatalException"/>, and a 1000 close on stop.
/// </summary>
public sealed partial class GatewayClient(string token, int intents, DiscordTuning tuning, TimeProvider time, Random random, ILogger logger) : IDisposable
{
    private readonly SemaphoreSlim _sendLock = new(1, 1);

    /// <summary>Releases the semaphore; called by the container (or the owner) once the work has stopped.</summary>
    public void Dispose() => _sendLock.Dispose();
    private string? _sessionId;
    private Uri? _resumeUrl;
    private long? _sequence;
    private long _lastHandled;
    private volatile bool _acked = true;
    private bool _established;

    /// <summary>The application id READY reported.</summary>
    public string? ApplicationId { get; private set; }

    public string? SessionId => _sessionId;

    /// <summary>Runs until <paramref name="stop"/> (then closes with 1000) or a fatal close code (throws).</summary>
    public async Task RunAsync(Uri gatewayUrl, Func<string, JsonElement, Task> onDispatch, CancellationToken stop)
    {
        int failures = 0;
        while (!stop.IsCancellationRequested)
        {
            bool resume = _sessionId is not null && _resumeUrl is not null && _sequence is not null;
            var url = resume ? _resumeUrl! : gatewayUrl;
            _established = false;
            SessionEnd end;
            try
            {
                end = await RunSessionAsync(url, resume, onDispatch, stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is WebSocketException or HttpRequestException or IOException or OperationCanceledException
                or JsonException or KeyNotFoundException or InvalidOperationException) // a malformed payload: reconnect, not crash
            {
                LogConnectionLost(logger, ex.Message);
                end = SessionEnd.Dropped;
            }
            if (end == SessionEnd.Stopped || stop.IsCancellationRequested) return;

            failures = _established ? 0 : failures + 1;
            if (failures >= 3 && _sessionId is not null)
            {
                LogGivingUpResume(logger);
                ForgetSession(); // the resume URL keeps failing: start over on the main gateway
            }
            var delay = TimeSpan.Zero;
            if (end == SessionEnd.NewSession)
            {
                ForgetSession();
                delay = tuning.InvalidSessionDelayMin + (tuning.InvalidSessionDelayMax - tuning.InvalidSessionDelayMin) * random.NextDouble();
            }
            if (failures > 0)
            {
                var backoff = new Backoff(tuning.ReconnectBaseDelay, tuning.ReconnectMaxDelay).After(failures, random);
                if (backoff > delay) delay = backoff;
            }
            LogReconnecting(logger, end.ToString(), delay, _sessionId is not null);
            if (delay > TimeSpan.Zero)
            {
                try { await Task.Delay(delay, time, stop); }
                catch (OperationCanceledException) { return; }
            }
        }
    }

    private enum SessionEnd { Stopped, Dropped, Resume, NewSession }

    private async Task<SessionEnd> RunSessionAsync(Uri url, bool resume, Func<string, JsonElement, Task> onDispatch, CancellationToken stop)
    {
        using var socket = new ClientWebSocket();
        // Cancelling a pending receive or send aborts a ClientWebSocket, so socket calls never take the stop
        // token: stopping sends a 1000 close instead, and the loop ends when the server answers it.
        using var session = new CancellationTokenSource();
        using (var deadline = new CancellationTokenSource(tuning.ConnectTimeout, time))
        using (var connect = CancellationTokenSource.CreateLinkedTokenSource(stop, deadline.Token))
            await socket.ConnectAsync(WithQuery(url), connect.Token);
        LogConnected(logger, url.Host, resume);
        using var onStop = stop.Register(() => _ = CloseOnStopAsync(socket));
        Task heartbeat = Task.CompletedTask;
        try
        {
            while (true)
            {
                using var message = await ReceiveAsync(socket, CancellationToken.None);
                if (message is null)
                {
                    if (stop.IsCancellationRequested) return SessionEnd.Stopped;
                    int code = (int?)socket.CloseStatus ?? 0;
                    if (GatewayCloseCodes.Fatal(code) is { } reason) throw new GatewayFatalException(code, reason);
                    LogClosedByServer(logger, code, socket.CloseStatusDescription ?? "");
                    return GatewayCloseCodes.NeedsNewSession(code) ? SessionEnd.NewSession : SessionEnd.Resume;
                }
                if (stop.IsCancellationRequested) continue; // closing: read until the server answers the close
                var root = message.RootElement;
                int op = root.GetProperty("op").GetInt32();
                switch (op)
                {
                    case GatewayOpcodes.Hello:
                        var interval = TimeSpan.FromMilliseconds(root.GetProperty("d").GetProperty("heartbeat_interval").GetDouble());
                        _acked = true;
                        heartbeat = HeartbeatLoopAsync(socket, interval, session.Token);
                        if (resume) await SendAsync(socket, Resume());
                        else
                        {
                            _sequence = null;
                            _lastHandled = 0;
                            await SendAsync(socket, Identify());
                        }
                        break;
                    case GatewayOpcodes.HeartbeatAck:
                        _acked = true;
                        break;
                    case GatewayOpcodes.Heartbeat:
                        await SendAsync(socket, Heartbeat());
                        break;
                    case GatewayOpcodes.Reconnect:
                        LogServerAsked(logger, "reconnect");
                        await CloseAsync(socket, (WebSocketCloseStatus)4000, "reconnect"); // not 1000: the session stays resumable
                        return SessionEnd.Resume;
                    case GatewayOpcodes.InvalidSession:
                        bool resumable = root.TryGetProperty("d", out var d) && d.ValueKind == JsonValueKind.True;
                        LogServerAsked(logger, resumable ? "invalid session (resumable)" : "invalid session (identify anew)");
                        await CloseAsync(socket, (WebSocketCloseStatus)4000, "invalid session");
                        return resumable ? SessionEnd.Resume : SessionEnd.NewSession;
                    case GatewayOpcodes.Dispatch:
                        await OnDispatchAsync(root, onDispatch);
                        break;
                }
            }
        }
        finally
        {
            await session.CancelAsync();
            try { await heartbeat; } catch (OperationCanceledException) { } catch (WebSocketException) { }
        }
    }

    /// <summary>On stop: a 1000 close; if the server does not answer in time, the socket is aborted.</summary>
    private async Task CloseOnStopAsync(ClientWebSocket socket)
    {
        await CloseAsync(socket, WebSocketCloseStatus.NormalClosure, "stopping");
        try { await Task.Delay(tuning.CloseTimeout, time); } catch (OperationCanceledException) { }
        if (socket.State is not (WebSocketState.Closed or WebSocketState.Aborted)) socket.Abort();
    }

    private async Task OnDispatchAsync(JsonElement root, Func<string, JsonElement, Task> onDispatch)
    {
        string type = root.TryGetProperty("t", out var t) ? t.GetString() ?? "" : "";
        long? s = root.TryGetProperty("s", out var sv) && sv.ValueKind == JsonValueKind.Number ? sv.GetInt64() : null;
        var data = root.TryGetProperty("d", out var dv) ? dv : default;
        if (s is not null && (_sequence is null || s > _sequence)) _sequence = s;
        switch (type)
        {
            case "READY":
                _sessionId = data.GetProperty("session_id").GetString();
                _resumeUrl = data.TryGetProperty("resume_gateway_url", out var r) && Uri.TryCreate(r.GetString(), UriKind.Absolute, out var ru) ? ru : null;
                if (data.TryGetProperty("application", out var app) && app.TryGetProperty("id", out var appId)) ApplicationId = appId.GetString();
                _established = true;
                LogReady(logger, _sessionId ?? "");
                break;
            case "RESUMED":
                _established = true;
                LogResumed(logger, _sequence ?? 0);
                break;
        }
        // A Resume replays what was missed; anything handled already is skipped.
        if (s is not null)
        {
            if (s <= _lastHandled) return;
            _lastHandled = s.Value;
        }
        await onDispatch(type, data);
    }

    private async Task HeartbeatLoopAsync(ClientWebSocket socket, TimeSpan interval, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(interval * random.NextDouble(), time, cancellationToken);
            while (!cancellationToken.IsCancellationRequested)
            {
                if (!_acked)
                {
                    // A zombie connection: no ACK since the last beat. Close (not 1000) and resume.
                    LogZombie(logger);
                    await CloseAsync(socket, (WebSocketCloseStatus)4000, "no heartbeat ack");
                    socket.Abort();
                    return;
                }
                _acked = false;
                await SendAsync(socket, Heartbeat());
                await Task.Delay(interval, time, cancellationToken);
            }
        }
        catch (OperationCanceledException) { }
        catch (WebSocketException) { }
    }

    private JsonObject Heartbeat() => new() { ["op"] = GatewayOpcodes.Heartbeat, ["d"] = _sequence is { } s ? JsonValue.Create(s) : null };

    private JsonObject Identify() => new()
    {
        ["op"] = GatewayOpcodes.Identify,
        ["d"] = new JsonObject
        {
            ["token"] = token,
            ["intents"] = intents,
            ["properties"] = new JsonObject { ["os"] = Environment.OSVersion.Platform.ToString().ToLowerInvariant(), ["browser"] = "borderalertbot", ["device"] = "borderalertbot" },
        },
    };

    private JsonObject Resume() => new()
    {
        ["op"] = GatewayOpcodes.Resume,
        ["d"] = new JsonObject { ["token"] = token, ["session_id"] = _sessionId, ["seq"] = _sequence },
    };

    private void ForgetSession()
    {
        _sessionId = null;
        _resumeUrl = null;
        _sequence = null;
        _lastHandled = 0;
    }

    private async Task SendAsync(ClientWebSocket socket, JsonObject payload)
    {
        byte[] bytes = JsonSerializer.SerializeToUtf8Bytes(payload);
        await _sendLock.WaitAsync();
        try
        {
            if (socket.State != WebSocketState.Open) return;
            await socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Sends a close frame without waiting long for the answer; never throws.</summary>
    private async Task CloseAsync(ClientWebSocket socket, WebSocketCloseStatus status, string reason)
    {
        if (socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived)) return;
        using var timeout = new CancellationTokenSource(tuning.CloseTimeout, time);
        try
        {
            await _sendLock.WaitAsync(timeout.Token);
            try { await socket.CloseOutputAsync(status, reason, timeout.Token); }
            finally { _sendLock.Release(); }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            socket.Abort();
        }
    }

    private static async Task<JsonDocument?> ReceiveAsync(ClientWebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer.GetMemory(16 * 1024), cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close) return null;
            buffer.Advance(result.Count);
            if (buffer.WrittenCount > 16 * 1024 * 1024) throw new WebSocketException("gateway message too large");
            if (result.EndOfMessage) break;
        }
        return JsonDocument.Parse(buffer.WrittenMemory);
    }

    private static Uri WithQuery(Uri url)
    {
        var builder = new UriBuilder(url) { Query = "v=10&encoding=json" };
        return builder.Uri;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Discord gateway: connected to {Host} ({Mode})")]
    private static partial void LogConnectedCore(ILogger logger, string host, string mode);

    private static void LogConnected(ILogger logger, string host, bool resume) => LogConnectedCore(logger, host, resume ? "resuming" : "identifying");

    [LoggerMessage(Level = LogLevel.Information, Message = "Discord gateway: ready, session {SessionId}")]
    private static partial void LogReady(ILogger logger, string sessionId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Discord gateway: resumed at sequence {Sequence}")]
    private static partial void LogResumed(ILogger logger, long sequence);

    [LoggerMessage(Level = LogLevel.Information, Message = "Discord gateway: server asked for {What}")]
    private static partial void LogServerAsked(ILogger logger, string what);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Discord gateway: closed by the server with {Code} {Reason}")]
    private static partial void LogClosedByServer(ILogger logger, int code, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Discord gateway: connection lost: {Reason}")]
    private static partial void LogConnectionLost(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Discord gateway: no heartbeat ACK; closing the zombie connection to resume")]
    private static partial void LogZombie(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Discord gateway: resuming keeps failing; identifying anew")]
    private static partial void LogGivingUpResume(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Discord gateway: reconnecting after {End} in {Delay} (resume: {Resume})")]
    private static partial void LogReconnecting(ILogger logger, string end, TimeSpan delay, bool resume);
}
