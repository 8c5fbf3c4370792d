using System.Net.WebSockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using BorderAlertBot.Core.Delivery;
using BorderAlertBot.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit;
using static BorderAlertBot.Tests.Discord.DiscordTestSupport;

namespace BorderAlertBot.Tests.Discord;

/// <summary>`run` on Discord in a host: command registration, interactions end to end, fatal errors, stop.</summary>
public sealed class DiscordBotServiceTests : IAsyncLifetime
{
    private FakeDiscordServer _server = null!;
    private IHost? _host;
    private readonly RecordingCommandService _commands = new();

    public async Task InitializeAsync() => _server = await FakeDiscordServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.StopAsync(TimeSpan.FromSeconds(10));
            _host.Dispose();
        }
        await _server.DisposeAsync();
    }

    private async Task<FakeDiscordServer.FakeGatewayConnection> StartAsync(Dictionary<string, string?>? settings = null)
    {
        _host = BuildHost(_server, runMode: true, settings: settings, commands: _commands);
        await _host.StartAsync();
        var connection = await _server.NextConnectionAsync();
        await connection.SendHelloAsync();
        await connection.ExpectAsync(2);
        await connection.SendReadyAsync(1, "session-1", _server.GatewayUrl + "/resume");
        return connection;
    }

    private RecordedRequest Callback(string id) => Assert.Single(_server.RequestsTo("POST", $"/api/v10/interactions/{id}/interaction-token-{id}/callback"));

    [Fact]
    public async Task Commands_are_registered_on_the_guild_with_typed_options_and_admin_gating()
    {
        await StartAsync(new() { ["BorderAlert:Discord:GuildId"] = GuildId });

        Assert.Single(_server.RequestsTo("GET", "/api/v10/applications/@me"));
        var put = Assert.Single(_server.RequestsTo("PUT", "/api/v10/applications/"));
        Assert.Equal($"/api/v10/applications/{FakeDiscordServer.ApplicationId}/guilds/{GuildId}/commands", put.Path);
        var commands = put.Json.EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!);
        Assert.Equal(["help", "subscribe", "settings", "slow"], commands.Keys);
        var subscribe = commands["subscribe"];
        Assert.Equal(1, subscribe.GetProperty("type").GetInt32());
        Assert.Equal("""[{"type":3,"name":"keyword","description":"A place or word","required":true},{"type":4,"name":"min_severity","description":"Lowest severity","required":false,"min_value":1,"max_value":5}]""",
            subscribe.GetProperty("options").GetRawText());
        Assert.False(subscribe.TryGetProperty("default_member_permissions", out _));
        Assert.Equal("32", commands["settings"].GetProperty("default_member_permissions").GetString());
        Assert.Equal("[0]", commands["settings"].GetProperty("contexts").GetRawText());
        Assert.Equal("[0,1]", commands["help"].GetProperty("contexts").GetRawText());
    }

    [Fact]
    public async Task Without_a_guild_commands_are_registered_globally_and_the_gateway_url_comes_from_the_api()
    {
        _host = BuildHost(_server, runMode: true, settings: new() { ["BorderAlert:Discord:GatewayUrl"] = null }, commands: _commands);
        await _host.StartAsync();
        var connection = await _server.NextConnectionAsync();
        Assert.Equal("/", connection.Path);
        Assert.Single(_server.RequestsTo("GET", "/api/v10/gateway/bot"));
        Assert.Equal($"/api/v10/applications/{FakeDiscordServer.ApplicationId}/commands", Assert.Single(_server.RequestsTo("PUT", "/api/v10/applications/")).Path);
    }

    [Fact]
    public async Task A_fast_personal_command_is_answered_at_once_and_ephemerally()
    {
        var connection = await StartAsync();
        await connection.SendDispatchAsync("INTERACTION_CREATE", 2, Interaction("501", "subscribe",
            [new JsonObject { ["name"] = "keyword", ["type"] = 3, ["value"] = "Vorukh" }, new JsonObject { ["name"] = "min_severity", ["type"] = 4, ["value"] = 3 }]));

        await Until(() => _server.RequestsTo("POST", "/api/v10/interactions/501/").Count == 1);
        var call = Assert.Single(_commands.Calls);
        Assert.Equal("subscribe", call.Name);
        Assert.Equal(["Vorukh", "3"], call.Arguments);
        Assert.Equal(new Core.Commands.CommandCaller("discord", "2000000000000000001", ChannelId, IsPrivateChat: false, IsAdmin: false, "Aibek"), call.Caller);
        var body = Callback("501").Json;
        Assert.Equal(4, body.GetProperty("type").GetInt32());
        Assert.Equal(64, body.GetProperty("data").GetProperty("flags").GetInt32());
        Assert.Equal("Subscribed to Vorukh", body.GetProperty("data").GetProperty("content").GetString());
        Assert.Equal("""{"parse":[]}""", body.GetProperty("data").GetProperty("allowed_mentions").GetRawText());
    }

    [Fact]
    public async Task A_slow_command_is_deferred_then_followed_up_through_the_webhook()
    {
        var connection = await StartAsync();
        await connection.SendDispatchAsync("INTERACTION_CREATE", 2, Interaction("502", "slow"));

        await Until(() => _server.RequestsTo("POST", "/api/v10/interactions/502/").Count == 1);
        Assert.Equal("""{"type":5}""", Callback("502").Body);
        Assert.Empty(_server.RequestsTo("PATCH", "/api/v10/webhooks/"));
        _commands.SlowGate.SetResult();

        await Until(() => _server.RequestsTo("PATCH", "/api/v10/webhooks/").Count == 1);
        var edit = Assert.Single(_server.RequestsTo("PATCH", "/api/v10/webhooks/"));
        Assert.Equal($"/api/v10/webhooks/{FakeDiscordServer.ApplicationId}/interaction-token-502/messages/@original", edit.Path);
        Assert.Equal("Here is the slow answer.", edit.Json.GetProperty("content").GetString());
        Assert.Equal("""{"parse":[]}""", edit.Json.GetProperty("allowed_mentions").GetRawText());
    }

    [Fact]
    public async Task An_admin_command_from_a_member_without_manage_server_is_refused_without_running()
    {
        var connection = await StartAsync();
        await connection.SendDispatchAsync("INTERACTION_CREATE", 2, Interaction("503", "settings",
            [new JsonObject { ["name"] = "min_severity", ["type"] = 4, ["value"] = 2 }], permissions: "1024"));
        await connection.SendDispatchAsync("INTERACTION_CREATE", 3, Interaction("504", "settings",
            [new JsonObject { ["name"] = "min_severity", ["type"] = 4, ["value"] = 2 }], permissions: "32"));

        await Until(() => _server.RequestsTo("POST", "/api/v10/interactions/").Count == 2);
        var refused = Callback("503").Json.GetProperty("data");
        Assert.Equal(64, refused.GetProperty("flags").GetInt32());
        Assert.Contains("Manage Server", refused.GetProperty("content").GetString(), StringComparison.Ordinal);
        var call = Assert.Single(_commands.Calls);
        Assert.True(call.Caller.IsAdmin);
        Assert.Equal(["2"], call.Arguments);
    }

    [Fact]
    public async Task A_fatal_close_code_reports_the_error_and_stops_the_host()
    {
        _host = BuildHost(_server, runMode: true, commands: _commands);
        var lifetime = _host.Services.GetRequiredService<IHostApplicationLifetime>();
        await _host.StartAsync();
        var connection = await _server.NextConnectionAsync();
        await connection.SendHelloAsync();
        await connection.ExpectAsync(2);
        await connection.CloseAsync(4004, "Authentication failed.");

        await Within(Task.Delay(Timeout.Infinite, lifetime.ApplicationStopping).ContinueWith(_ => { }, TaskScheduler.Default));
        Assert.Contains("4004", _host.Services.GetRequiredService<FatalError>().Message, StringComparison.Ordinal);
        Assert.Equal(1, _server.ConnectionCount);
    }

    [Fact]
    public async Task Stopping_the_host_closes_the_gateway_with_1000()
    {
        var connection = await StartAsync();
        await _host!.StopAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(WebSocketCloseStatus.NormalClosure, await Within(connection.Closed));
    }
}
