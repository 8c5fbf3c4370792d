using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using BorderAlertBot.Discord.Gateway;
using BorderAlertBot.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;
using static BorderAlertBot.Tests.Discord.DiscordTestSupport;

namespace BorderAlertBot.Tests.Discord;

/// <summary>The gateway client against the fake gateway: the session lifecycle, driven message by message.</summary>
public sealed class GatewayClientTests : IAsyncLifetime
{
    private FakeDiscordServer _server = null!;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<(string Type, long? Id)> _handled = new();
    private GatewayClient _client = null!;
    private Task _run = Task.CompletedTask;

    public async Task InitializeAsync()
    {
        _server = await FakeDiscordServer.StartAsync();
        _client = new GatewayClient(FakeDiscordServer.Token, 0, FastTuning, TimeProvider.System, new Random(3), DiscordTestSupport.Logger());
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        try { await _run.WaitAsync(TimeSpan.FromSeconds(10)); } catch (Exception) { }
        await _server.DisposeAsync();
    }

    private void Start() => _run = _client.RunAsync(new Uri(_server.GatewayUrl + "/gateway"), (type, data) =>
    {
        _handled.Enqueue((type, type == "INTERACTION_CREATE" ? long.Parse(data.GetProperty("id").GetString()!, System.Globalization.CultureInfo.InvariantCulture) : null));
        return Task.CompletedTask;
    }, _stop.Token);

    private static JsonObject Interaction(long id) => new()
    {
        ["id"] = id.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["application_id"] = FakeDiscordServer.ApplicationId,
        ["type"] = 2,
        ["token"] = "tok" + id,
        ["data"] = new JsonObject { ["id"] = "1", ["name"] = "help", ["type"] = 1 },
        ["channel_id"] = ChannelId,
        ["user"] = new JsonObject { ["id"] = "2000000000000000001", ["username"] = "u" },
        ["version"] = 1,
    };

    private IEnumerable<long?> HandledInteractions => _handled.Where(h => h.Type == "INTERACTION_CREATE").Select(h => h.Id);

    /// <summary>Hello, Identify, READY: a fresh session whose resume URL is /resume.</summary>
    private async Task<FakeDiscordServer.FakeGatewayConnection> ConnectAsync(int heartbeatMs = 41250)
    {
        var connection = await _server.NextConnectionAsync();
        await connection.SendHelloAsync(heartbeatMs);
        await connection.ExpectAsync(2);
        await connection.SendReadyAsync(1, "session-1", _server.GatewayUrl + "/resume");
        return connection;
    }

    [Fact]
    public async Task Identifies_with_no_intents_and_heartbeats_with_the_last_sequence()
    {
        Start();
        var connection = await _server.NextConnectionAsync();
        Assert.Equal("/gateway", connection.Path);
        Assert.Equal("?v=10&encoding=json", connection.Query);
        await connection.SendHelloAsync(1000);
        var identify = (await connection.ExpectAsync(2)).GetProperty("d");
        Assert.Equal(FakeDiscordServer.Token, identify.GetProperty("token").GetString());
        Assert.Equal(0, identify.GetProperty("intents").GetInt32());
        Assert.Equal("borderalertbot", identify.GetProperty("properties").GetProperty("browser").GetString());

        await connection.SendReadyAsync(1, "session-1", _server.GatewayUrl + "/resume");
        await connection.SendDispatchAsync("INTERACTION_CREATE", 2, Interaction(10));
        await Until(() => connection.Heartbeats.Any(h => h.GetProperty("d").ValueKind == JsonValueKind.Number && h.GetProperty("d").GetInt64() == 2));
        Assert.Equal([10L], HandledInteractions);
        Assert.Equal("session-1", _client.SessionId);
        Assert.Equal(FakeDiscordServer.ApplicationId, _client.ApplicationId);
    }

    [Fact]
    public async Task A_heartbeat_request_from_the_server_is_answered_at_once()
    {
        Start();
        var connection = await ConnectAsync();
        await connection.SendHeartbeatRequestAsync();
        var beat = await connection.ExpectAsync(1, TimeSpan.FromSeconds(5)); // the interval is 41 s: this one was asked for
        Assert.Equal(1, beat.GetProperty("d").GetInt64());
    }

    [Fact]
    public async Task Survives_a_server_initiated_reconnect_by_resuming_without_losing_or_repeating_events()
    {
        Start();
        var first = await ConnectAsync();
        await first.SendDispatchAsync("INTERACTION_CREATE", 2, Interaction(20));
        await Until(() => HandledInteractions.Count() == 1);
        await first.SendReconnectAsync();
        var closed = await Within(first.Closed);
        Assert.NotEqual(WebSocketCloseStatus.NormalClosure, closed);

        var second = await _server.NextConnectionAsync();
        Assert.Equal("/resume", second.Path);
        await second.SendHelloAsync();
        var resume = (await second.ExpectAsync(6)).GetProperty("d");
        Assert.Equal("session-1", resume.GetProperty("session_id").GetString());
        Assert.Equal(2, resume.GetProperty("seq").GetInt64());
        Assert.Equal(FakeDiscordServer.Token, resume.GetProperty("token").GetString());
        // The replay repeats 2 (already handled) and brings 3 (missed), then RESUMED.
        await second.SendDispatchAsync("INTERACTION_CREATE", 2, Interaction(20));
        await second.SendDispatchAsync("INTERACTION_CREATE", 3, Interaction(21));
        await second.SendDispatchAsync("RESUMED", 4, new JsonObject());
        await second.SendDispatchAsync("INTERACTION_CREATE", 5, Interaction(22));

        await Until(() => HandledInteractions.Count() >= 3);
        await second.SendHeartbeatRequestAsync();
        Assert.Equal(5, (await second.ExpectAsync(1)).GetProperty("d").GetInt64());
        Assert.Equal([20L, 21L, 22L], HandledInteractions);
        Assert.Equal(1, _handled.Count(h => h.Type == "READY"));
    }

    [Fact]
    public async Task Survives_a_dropped_socket_by_resuming()
    {
        Start();
        var first = await ConnectAsync();
        await first.SendDispatchAsync("INTERACTION_CREATE", 2, Interaction(30));
        await Until(() => HandledInteractions.Count() == 1);
        first.Drop();

        var second = await _server.NextConnectionAsync();
        Assert.Equal("/resume", second.Path);
        await second.SendHelloAsync();
        Assert.Equal(2, (await second.ExpectAsync(6)).GetProperty("d").GetProperty("seq").GetInt64());
        await second.SendDispatchAsync("INTERACTION_CREATE", 3, Interaction(31));
        await second.SendDispatchAsync("RESUMED", 4, new JsonObject());

        await Until(() => HandledInteractions.Count() == 2);
        Assert.Equal([30L, 31L], HandledInteractions);
    }

    [Fact]
    public async Task Identifies_anew_after_a_non_resumable_invalid_session()
    {
        Start();
        var first = await ConnectAsync();
        await first.SendDispatchAsync("INTERACTION_CREATE", 2, Interaction(40));
        await first.SendInvalidSessionAsync(resumable: false);

        var second = await _server.NextConnectionAsync();
        Assert.Equal("/gateway", second.Path); // not the resume URL: that session is gone
        await second.SendHelloAsync();
        var identify = await second.ExpectAsync(2);
        Assert.Equal(FakeDiscordServer.Token, identify.GetProperty("d").GetProperty("token").GetString());
        await second.SendReadyAsync(1, "session-2", _server.GatewayUrl + "/resume");
        await second.SendDispatchAsync("INTERACTION_CREATE", 2, Interaction(41)); // sequence restarts in the new session
        await Until(() => HandledInteractions.Count() == 2);
        Assert.Equal([40L, 41L], HandledInteractions);
        Assert.Equal("session-2", _client.SessionId);
    }

    [Fact]
    public async Task A_zombie_connection_without_heartbeat_acks_is_closed_and_resumed()
    {
        Start();
        var first = await ConnectAsync(heartbeatMs: 1000);
        await Until(() => _client.SessionId == "session-1");
        _server.AutoAckHeartbeats = false; // from now on the server is silent: a beat goes unanswered, the next finds no ACK
        var closed = await Within(first.Closed);
        Assert.NotEqual(WebSocketCloseStatus.NormalClosure, closed);

        _server.AutoAckHeartbeats = true;
        var second = await _server.NextConnectionAsync();
        Assert.Equal("/resume", second.Path);
        await second.SendHelloAsync();
        Assert.Equal("session-1", (await second.ExpectAsync(6)).GetProperty("d").GetProperty("session_id").GetString());
    }

    [Fact]
    public async Task A_resumable_invalid_session_resumes()
    {
        Start();
        var first = await ConnectAsync();
        await first.SendInvalidSessionAsync(resumable: true);
        var second = await _server.NextConnectionAsync();
        Assert.Equal("/resume", second.Path);
        await second.SendHelloAsync();
        Assert.Equal("session-1", (await second.ExpectAsync(6)).GetProperty("d").GetProperty("session_id").GetString());
    }

    [Fact]
    public async Task Repeated_connection_failures_back_off_exponentially()
    {
        var tuning = FastTuning with { ReconnectBaseDelay = TimeSpan.FromMilliseconds(8), ReconnectMaxDelay = TimeSpan.FromMilliseconds(40) };
        var time = new RecordingTimeProvider();
        _client = new GatewayClient(FakeDiscordServer.Token, 0, tuning, time, new FixedRandom(0.5), NullLogger.Instance);
        _run = _client.RunAsync(new Uri(_server.GatewayUrl + "/refuse"), (_, _) => Task.CompletedTask, _stop.Token);

        await Until(() => _server.RefusedConnections.Count >= 6);

        // 8 ms × 2^(n−1) × 0.75 (jitter fixed at 0.5), capped at 40 ms: 6, 12, 24, 40, 40.
        var backoffs = time.Delays.Where(d => d != tuning.ConnectTimeout).Take(5).Select(d => d.TotalMilliseconds);
        Assert.Equal([6, 12, 24, 40, 40], backoffs);
    }

    /// <summary>The system clock, recording every delay asked of it.</summary>
    private sealed class RecordingTimeProvider : TimeProvider
    {
        public ConcurrentQueue<TimeSpan> Delays { get; } = new();

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            if (dueTime != Timeout.InfiniteTimeSpan) Delays.Enqueue(dueTime);
            return System.CreateTimer(callback, state, dueTime, period);
        }
    }

    private sealed class FixedRandom(double value) : Random
    {
        public override double NextDouble() => value;
    }

    [Theory]
    [InlineData(4004)]
    [InlineData(4014)]
    public async Task A_fatal_close_code_stops_the_client_with_a_clear_error_and_does_not_loop(int code)
    {
        Start();
        var connection = await _server.NextConnectionAsync();
        await connection.SendHelloAsync();
        await connection.ExpectAsync(2);
        await connection.CloseAsync(code, "Authentication failed.");

        var error = await Assert.ThrowsAsync<GatewayFatalException>(() => Within(_run));
        Assert.Equal(code, error.CloseCode);
        Assert.Contains(code.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
        if (code == 4004) Assert.Contains("BorderAlert:Discord:Token", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, _server.ConnectionCount);
    }

    [Fact]
    public async Task A_resumable_close_code_reconnects_and_resumes()
    {
        Start();
        var first = await ConnectAsync();
        await first.CloseAsync(4000, "Unknown error");
        var second = await _server.NextConnectionAsync();
        await second.SendHelloAsync();
        Assert.Equal("session-1", (await second.ExpectAsync(6)).GetProperty("d").GetProperty("session_id").GetString());
    }

    [Fact]
    public async Task A_session_timeout_close_reconnects_with_a_new_identify()
    {
        Start();
        var first = await ConnectAsync();
        await first.CloseAsync(4009, "Session timed out");
        var second = await _server.NextConnectionAsync();
        Assert.Equal("/gateway", second.Path);
        await second.SendHelloAsync();
        await second.ExpectAsync(2);
    }

    [Fact]
    public async Task Stopping_closes_the_socket_with_1000()
    {
        Start();
        var connection = await ConnectAsync();
        await _stop.CancelAsync();
        Assert.Equal(WebSocketCloseStatus.NormalClosure, await Within(connection.Closed));
        await Within(_run);
    }
}
