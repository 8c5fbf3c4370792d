using System.Net.WebSockets;
using System.Text.Json.Nodes;
using BorderAlertBot.Core.Alerts;
using BorderAlertBot.Core.Commands;
using BorderAlertBot.Core.Delivery;
using BorderAlertBot.Core.Pipeline;
using BorderAlertBot.Core.Storage;
using BorderAlertBot.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace BorderAlertBot.Tests.Discord;

/// <summary>
/// `/subscribe Ворух` in a DM with the bot during `run`, then a matching alert (written "Vorukh") in a later
/// `run --once`: one DM (the DM channel opened first) beside the channel post, through the real command
/// service and routing; and a clean stop (close 1000, exit 0).
/// </summary>
public sealed class DiscordSubscriptionTests : IAsyncLifetime
{
    private const string User = "2000000000000000042";
    private FeedServer _feeds = null!;
    private FakeDiscordServer _discord = null!;
    private readonly CliRunner _cli = new();
    private readonly List<RssBuilder.Item> _items = [];

    public async Task InitializeAsync()
    {
        _feeds = await FeedServer.StartAsync();
        _discord = await FakeDiscordServer.StartAsync();
        _feeds.MapFeed("/feed.xml", () => RssBuilder.Build("24.kg", _items));
        _cli.FeedsFile(("kg24", _feeds.Url("/feed.xml")));
        _cli.Settings["BorderAlert:Discord:Token"] = FakeDiscordServer.Token;
        _cli.Settings["BorderAlert:Discord:ApiBaseUrl"] = _discord.ApiBaseUrl;
        _cli.Settings["BorderAlert:Discord:GatewayUrl"] = _discord.GatewayUrl + "/gateway";
        _cli.Settings["BorderAlert:Discord:ChannelIds:0"] = DiscordTestSupport.ChannelId;
    }

    public async Task DisposeAsync()
    {
        await _feeds.DisposeAsync();
        await _discord.DisposeAsync();
        _cli.Dispose();
    }

    [Fact]
    public async Task Subscribe_in_a_dm_then_a_matching_alert_gives_exactly_one_dm()
    {
        using (var stop = new CancellationTokenSource())
        {
            var running = _cli.RunAsync(["run"], "", stop.Token);
            var connection = await _discord.NextConnectionAsync(TimeSpan.FromSeconds(30));
            await connection.SendHelloAsync();
            await connection.ExpectAsync(2);
            await connection.SendReadyAsync(1, "session-1", _discord.GatewayUrl + "/resume");
            await connection.SendDispatchAsync("INTERACTION_CREATE", 2, new JsonObject
            {
                ["id"] = "601",
                ["application_id"] = FakeDiscordServer.ApplicationId,
                ["type"] = 2,
                ["token"] = "dm-token",
                ["version"] = 1,
                ["channel_id"] = "8" + User,
                ["user"] = new JsonObject { ["id"] = User, ["username"] = "zarina", ["discriminator"] = "0" },
                ["data"] = new JsonObject { ["id"] = "1", ["name"] = "subscribe", ["type"] = 1, ["options"] = new JsonArray(new JsonObject { ["name"] = "keyword", ["type"] = 3, ["value"] = "Ворух" }) },
            });
            await DiscordTestSupport.Until(() => _discord.RequestsTo("POST", "/api/v10/interactions/601/").Count == 1, 30);
            await stop.CancelAsync();
            Assert.Equal(0, (await running.WaitAsync(TimeSpan.FromSeconds(30))).ExitCode);
            Assert.Equal(WebSocketCloseStatus.NormalClosure, await connection.Closed.WaitAsync(TimeSpan.FromSeconds(5)));
        }
        var reply = Assert.Single(_discord.RequestsTo("POST", "/api/v10/interactions/601/")).Json;
        Assert.Contains("Subscribed to the place Vorukh", reply.GetProperty("data").GetProperty("content").GetString());
        Assert.Equal(64, reply.GetProperty("data").GetProperty("flags").GetInt32());

        _items.Add(new("1", "Kyrgyz and Tajik border guards exchange fire near Vorukh",
            "Two Kyrgyz border guards were wounded near Vorukh, the Border Service said.", _feeds.Url("/news/1").AbsoluteUri, DateTimeOffset.UtcNow.AddHours(-1)));
        Assert.Equal(0, (await _cli.RunAsync("run", "--once")).ExitCode);
        Assert.Equal(0, (await _cli.RunAsync("run", "--once")).ExitCode);

        Assert.Equal(User, Assert.Single(_discord.RequestsTo("POST", "/api/v10/users/@me/channels")).Json.GetProperty("recipient_id").GetString());
        var posted = _discord.Posted.Select(p => p.ChannelId).Order().ToList();
        Assert.Equal([DiscordTestSupport.ChannelId, "8" + User], posted);
        var dm = _discord.RequestsTo("POST", $"/api/v10/channels/8{User}/messages").Single().Json;
        Assert.False(dm.TryGetProperty("content", out _)); // no role ping in a DM
        Assert.Equal("""{"parse":[],"replied_user":false}""", dm.GetProperty("allowed_mentions").GetRawText());
    }
}
