using System.Diagnostics;
using BorderAlertBot.Tests.Fakes;
using Microsoft.Extensions.Hosting;
using Xunit;
using static BorderAlertBot.Tests.Discord.DiscordTestSupport;

namespace BorderAlertBot.Tests.Discord;

/// <summary>
/// A command flood through Discord interactions, against the loopback gateway and REST: limits counted on
/// arrival, one "please wait", the rest unanswered, and everyone else answered within Discord's 3 s.
/// </summary>
[Collection(WallClockCollection.Name)]
public sealed class DiscordFloodTests : IAsyncLifetime
{
    private const string Flooder = "2000000000000000009";
    private FakeDiscordServer _server = null!;
    private IHost? _host;
    private readonly RecordingCommandService _commands = new();

    public async Task InitializeAsync() => _server = await FakeDiscordServer.StartAsync();

    public async Task DisposeAsync()
    {
        _commands.SlowGate.TrySetResult();
        if (_host is not null)
        {
            await _host.StopAsync(TimeSpan.FromSeconds(10));
            _host.Dispose();
        }
        await _server.DisposeAsync();
    }

    private IReadOnlyList<RecordedRequest> Callbacks(string id) => _server.RequestsTo("POST", $"/api/v10/interactions/{id}/");

    [Fact]
    public async Task Thirty_slow_commands_from_one_user_run_at_most_20_times_and_others_are_answered_within_3_seconds()
    {
        _host = BuildHost(_server, runMode: true, commands: _commands);
        await _host.StartAsync();
        var connection = await _server.NextConnectionAsync();
        await connection.SendHelloAsync();
        await connection.ExpectAsync(2);
        await connection.SendReadyAsync(1, "session-1", _server.GatewayUrl + "/resume");

        // 30 commands that take their time, from one user in one channel, as fast as the socket carries them.
        for (int i = 0; i < 30; i++)
            await connection.SendDispatchAsync("INTERACTION_CREATE", 2 + i, Interaction($"6{i:00}", "slow", userId: Flooder));

        // Meanwhile two other users: a quick command in a DM, a slow one in another channel.
        var watch = Stopwatch.StartNew();
        await connection.SendDispatchAsync("INTERACTION_CREATE", 40, Interaction("701", "help", userId: "2000000000000000002", channelId: null));
        await connection.SendDispatchAsync("INTERACTION_CREATE", 41, Interaction("702", "slow", userId: "2000000000000000003", channelId: "1000000000000000002"));
        await Until(() => Callbacks("701").Count == 1 && Callbacks("702").Count == 1);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(3), $"the other users waited {watch.Elapsed}");
        Assert.Equal(4, Callbacks("701")[0].Json.GetProperty("type").GetInt32());
        Assert.Equal(5, Callbacks("702")[0].Json.GetProperty("type").GetInt32()); // deferred: its answer takes longer

        _commands.SlowGate.SetResult();
        // Twenty deferred answers edited once the gate opens (a safety net for a slow machine, not the bound under test).
        await Until(() => _server.RequestsTo("PATCH", "/api/v10/webhooks/").Count >= 21, seconds: 60);
        Assert.True(21 == _server.RequestsTo("PATCH", "/api/v10/webhooks/").Count, $"patches {_server.RequestsTo("PATCH", "/api/v10/webhooks/").Count}, calls {_commands.Calls.Count}, flooder {_commands.Calls.Count(c => c.Caller.UserId == Flooder)}, callbacks {_server.RequestsTo("POST", "/api/v10/interactions/").Count}");
        Assert.Equal(20, _commands.Calls.Count(c => c.Caller.UserId == Flooder));
        var answered = Enumerable.Range(0, 30).Select(i => Callbacks($"6{i:00}")).Where(c => c.Count > 0).Select(c => c[0].Json).ToList();
        Assert.Equal(21, answered.Count); // the other nine got no answer at all
        var refusal = Assert.Single(answered, a => a.GetProperty("type").GetInt32() == 4);
        Assert.Contains("please wait", refusal.GetProperty("data").GetProperty("content").GetString(), StringComparison.Ordinal);
        Assert.Equal(64, refusal.GetProperty("data").GetProperty("flags").GetInt32());
    }
}
