using System.Text.Json;
using System.Text.Json.Nodes;
using BorderAlertBot.Tests.Fakes;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Xunit;
using static BorderAlertBot.Tests.Discord.DiscordTestSupport;

namespace BorderAlertBot.Tests.Discord;

/// <summary>/trend and /map as slash commands: the real commands and renderers, the answer uploaded as multipart (payload_json + files[0]) and shown in an embed.</summary>
public sealed class DiscordPictureTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2025, 3, 14, 12, 0, 0, TimeSpan.Zero);
    private readonly TestStore _db = new();
    private FakeDiscordServer _server = null!;
    private IHost? _host;

    public async Task InitializeAsync()
    {
        _server = await FakeDiscordServer.StartAsync();
        await _db.AddAsync(TestStore.Alert("d-1", "Exchange of fire near Vorukh", 4, at: Now.AddDays(-2), places: ("vorukh", "Vorukh")));
        await _db.AddAsync(TestStore.Alert("d-2", "Mortar shelling at Kok-Tash", 5, at: Now.AddDays(-1), places: ("kok-tash", "Kok-Tash")));
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.StopAsync(TimeSpan.FromSeconds(10));
            _host.Dispose();
        }
        await _server.DisposeAsync();
        _db.Dispose();
    }

    private async Task<FakeDiscordServer.FakeGatewayConnection> StartAsync(TimeSpan fastReplyWindow)
    {
        _host = BuildHost(_server, runMode: true, tuning: FastTuning with { FastReplyWindow = fastReplyWindow },
            realCommands: RealCommands.Build(_db.Store, new FakeTimeProvider(Now)));
        await _host.StartAsync();
        var connection = await _server.NextConnectionAsync();
        await connection.SendHelloAsync();
        await connection.ExpectAsync(2);
        await connection.SendReadyAsync(1, "session-1", _server.GatewayUrl + "/resume");
        return connection;
    }

    private static JsonArray Days(int days) => [new JsonObject { ["name"] = "days", ["type"] = 4, ["value"] = days }];

    /// <summary>What every picture upload must be: payload_json with the embed and attachments entry, files[0] a real PNG of that name.</summary>
    private static JsonElement AssertUpload(RecordedRequest request, string fileName, int width, int height)
    {
        Assert.StartsWith("multipart/form-data", request.Headers["Content-Type"]);
        var file = Assert.Single(request.Files);
        Assert.Equal("files[0]", file.Name);
        Assert.Equal(fileName, file.FileName);
        Assert.Equal("image/png", file.ContentType);
        PngCheck.AssertPicture(file.Content, width, height);
        var payload = request.Json;
        var data = payload.TryGetProperty("data", out var d) ? d : payload;
        var attachment = Assert.Single(data.GetProperty("attachments").EnumerateArray().ToList());
        Assert.Equal(0, attachment.GetProperty("id").GetInt32());
        Assert.Equal(fileName, attachment.GetProperty("filename").GetString());
        Assert.False(string.IsNullOrWhiteSpace(attachment.GetProperty("description").GetString())); // alt text
        var embed = Assert.Single(data.GetProperty("embeds").EnumerateArray().ToList());
        Assert.Equal("attachment://" + file.FileName, embed.GetProperty("image").GetProperty("url").GetString());
        Assert.Equal("""{"parse":[]}""", data.GetProperty("allowed_mentions").GetRawText());
        return data;
    }

    [Fact]
    public async Task A_picture_answered_in_time_goes_out_as_a_multipart_callback()
    {
        var connection = await StartAsync(TimeSpan.FromSeconds(20));
        await connection.SendDispatchAsync("INTERACTION_CREATE", 2, Interaction("601", "trend", Days(7)));

        await Until(() => _server.RequestsTo("POST", "/api/v10/interactions/601/").Count == 1, seconds: 30);
        var callback = Assert.Single(_server.RequestsTo("POST", "/api/v10/interactions/601/"));
        Assert.Equal(4, callback.Json.GetProperty("type").GetInt32());
        var data = AssertUpload(callback, "trend.png", 900, 360);
        string content = data.GetProperty("content").GetString()!;
        Assert.StartsWith("Border incidents per day by severity, last 7 days.", content);
        Assert.Contains("Incidents: 2 ", content);
        Assert.False(data.TryGetProperty("flags", out _)); // everyone in the channel sees it
    }

    [Fact]
    public async Task A_deferred_picture_replaces_the_thinking_message_with_a_multipart_edit()
    {
        var connection = await StartAsync(TimeSpan.FromMilliseconds(1));
        await connection.SendDispatchAsync("INTERACTION_CREATE", 2, Interaction("602", "map", Days(30)));

        await Until(() => _server.RequestsTo("PATCH", "/api/v10/webhooks/").Count == 1, seconds: 30);
        Assert.Equal("""{"type":5}""", Assert.Single(_server.RequestsTo("POST", "/api/v10/interactions/602/")).Body);
        var edit = Assert.Single(_server.RequestsTo("PATCH", "/api/v10/webhooks/"));
        Assert.Equal($"/api/v10/webhooks/{FakeDiscordServer.ApplicationId}/interaction-token-602/messages/@original", edit.Path);
        var data = AssertUpload(edit, "map.png", 900, 480);
        Assert.Contains("Vorukh (1)", data.GetProperty("content").GetString());
    }

    [Fact]
    public async Task A_bad_window_is_answered_in_words_without_an_upload()
    {
        var connection = await StartAsync(TimeSpan.FromSeconds(20));
        await connection.SendDispatchAsync("INTERACTION_CREATE", 2, Interaction("603", "trend", Days(400)));

        await Until(() => _server.RequestsTo("POST", "/api/v10/interactions/603/").Count == 1, seconds: 30);
        var callback = Assert.Single(_server.RequestsTo("POST", "/api/v10/interactions/603/"));
        Assert.Empty(callback.Files);
        Assert.StartsWith("application/json", callback.Headers["Content-Type"]);
        Assert.Contains("1 to 365 days", callback.Json.GetProperty("data").GetProperty("content").GetString());
    }
}
