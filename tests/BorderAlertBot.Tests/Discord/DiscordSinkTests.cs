using System.Text.Json;
using BorderAlertBot.Core.Delivery;
using BorderAlertBot.Discord;
using BorderAlertBot.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit;
using static BorderAlertBot.Tests.Discord.DiscordTestSupport;

namespace BorderAlertBot.Tests.Discord;

/// <summary>The sink over loopback: what reaches the fake Discord, and how its answers map to outcomes.</summary>
public sealed class DiscordSinkTests : IAsyncLifetime
{
    private FakeDiscordServer _server = null!;
    private IHost _host = null!;
    private readonly Dictionary<string, string?> _settings = new();
    private DiscordTuning _tuning = FastTuning;

    private static readonly Destination Channel = new($"discord:{ChannelId}");
    private string MessagesPath => $"/api/v10/channels/{ChannelId}/messages";

    public async Task InitializeAsync() => _server = await FakeDiscordServer.StartAsync();

    public async Task DisposeAsync()
    {
        _host?.Dispose();
        await _server.DisposeAsync();
    }

    private IChatSink Sink()
    {
        _host ??= BuildHost(_server, settings: _settings, tuning: _tuning);
        return _host.Services.GetServices<IChatSink>().Single(s => s.Platform == "discord");
    }

    private Task<DeliveryResult> SendAsync(long deliveryId, Core.Alerts.Alert alert, Destination? destination = null, string? replyTo = null) =>
        Within(Sink().SendAsync(new DeliveryRequest(deliveryId, destination ?? Channel, alert, replyTo, 1), CancellationToken.None));

    [Fact]
    public async Task An_alert_becomes_one_message_with_the_right_embed_and_allowed_mentions()
    {
        var result = await SendAsync(42, Alert(severity: 4));

        Assert.Equal(DeliveryOutcome.Sent, result.Outcome);
        var posted = Assert.Single(_server.Posted);
        Assert.Equal(posted.Message["id"]!.GetValue<string>(), result.MessageId);
        var request = Assert.Single(_server.RequestsTo("POST", MessagesPath));
        Assert.Equal("Bot " + FakeDiscordServer.Token, request.Headers["Authorization"]);
        Assert.StartsWith("DiscordBot (https://", request.Headers["User-Agent"], StringComparison.Ordinal);

        var body = request.Json;
        Assert.Equal("""{"parse":[],"replied_user":false}""", body.GetProperty("allowed_mentions").GetRawText());
        Assert.False(body.TryGetProperty("content", out _));
        Assert.Equal("ba42", body.GetProperty("nonce").GetString());
        Assert.True(body.GetProperty("enforce_nonce").GetBoolean());
        var embed = Assert.Single(body.GetProperty("embeds").EnumerateArray());
        Assert.Equal("Kyrgyz and Tajik border guards exchange fire near Vorukh", embed.GetProperty("title").GetString());
        Assert.Equal("https://24.kg/english/1", embed.GetProperty("url").GetString());
        Assert.Equal(0xE67E22, embed.GetProperty("color").GetInt32());
        Assert.Equal("Two Kyrgyz border guards were wounded near Vorukh, the Border Service said.", embed.GetProperty("description").GetString());
        Assert.Equal("2025-03-13T11:00:00.000Z", embed.GetProperty("timestamp").GetString());
        var fields = embed.GetProperty("fields").EnumerateArray().ToDictionary(f => f.GetProperty("name").GetString()!, f => f.GetProperty("value").GetString()!);
        Assert.Equal("[Vorukh](https://www.openstreetmap.org/?mlat=39.85&mlon=70.58#map=13/39.85/70.58) (TJ)", fields["Places"]);
        Assert.Equal("armed clash · severity 4/5", fields["Category / severity"]);
        Assert.Equal("[24.kg](https://24.kg/english/1)\n[Asia-Plus](https://asiaplustj.info/en/2)", fields["Sources (confirmed by 2 outlets)"]);
        string footer = embed.GetProperty("footer").GetProperty("text").GetString()!;
        Assert.Equal("story s-1 · alert a-1 · 2025-03-13 17:00 Bishkek · 16:00 Dushanbe", footer);
    }

    [Fact]
    public async Task Feed_text_with_everyone_and_a_role_mention_pings_nobody()
    {
        var alert = Alert(headline: "@everyone <@&123> **clash** near Vorukh", summary: "@here <@456> [click](https://evil.example) details");
        Assert.Equal(DeliveryOutcome.Sent, (await SendAsync(1, alert)).Outcome);

        var body = Assert.Single(_server.RequestsTo("POST", MessagesPath)).Json;
        Assert.Equal("""{"parse":[],"replied_user":false}""", body.GetProperty("allowed_mentions").GetRawText());
        Assert.False(body.TryGetProperty("content", out _)); // feed text never goes into content
        var embed = body.GetProperty("embeds")[0];
        Assert.Equal(@"@everyone \<@&123\> \*\*clash\*\* near Vorukh", embed.GetProperty("title").GetString());
        Assert.Equal(@"@here \<@456\> \[click\](https://evil.example) details", embed.GetProperty("description").GetString());
        Assert.Empty(Assert.Single(_server.Posted).Message["mention_roles"]!.AsArray());
    }

    [Fact]
    public async Task The_opt_in_role_ping_names_only_its_role_and_only_for_severe_alerts()
    {
        _settings["BorderAlert:Discord:RolePing:RoleId"] = "777000000000000001";
        _settings["BorderAlert:Discord:RolePing:MinSeverity"] = "4";
        await SendAsync(1, Alert(severity: 5));
        await SendAsync(2, Alert(severity: 3));

        var requests = _server.RequestsTo("POST", MessagesPath).Select(r => r.Json).ToList();
        Assert.Equal("<@&777000000000000001> severity 5 border alert", requests[0].GetProperty("content").GetString());
        Assert.Equal("""{"parse":[],"replied_user":false,"roles":["777000000000000001"]}""", requests[0].GetProperty("allowed_mentions").GetRawText());
        Assert.False(requests[1].TryGetProperty("content", out _));
        Assert.Equal("""{"parse":[],"replied_user":false}""", requests[1].GetProperty("allowed_mentions").GetRawText());
    }

    [Fact]
    public async Task A_429_with_retry_after_is_waited_out_and_the_message_is_sent_once()
    {
        _server.EnqueueRateLimit(MessagesPath, retryAfter: 0.3);
        var started = DateTime.UtcNow;

        var result = await SendAsync(5, Alert());

        Assert.Equal(DeliveryOutcome.Sent, result.Outcome);
        Assert.Equal(2, _server.RequestsTo("POST", MessagesPath).Count);
        Assert.Single(_server.Posted);
        Assert.True(DateTime.UtcNow - started >= TimeSpan.FromMilliseconds(280), "the retry_after was not waited out");
    }

    [Fact]
    public async Task A_long_429_goes_back_to_the_dispatcher_with_its_retry_after()
    {
        _server.EnqueueRateLimit(MessagesPath, retryAfter: 42.5, global: true);

        var result = await SendAsync(5, Alert());

        Assert.Equal(DeliveryOutcome.Retry, result.Outcome);
        Assert.Equal(TimeSpan.FromSeconds(42.5), result.RetryAfter);
        Assert.Empty(_server.Posted);
    }

    [Fact]
    public async Task The_same_delivery_sent_twice_uses_the_same_nonce_and_posts_once()
    {
        var first = await SendAsync(7, Alert());
        var second = await SendAsync(7, Alert()); // a resend after a crash

        var nonces = _server.RequestsTo("POST", MessagesPath).Select(r => r.Json.GetProperty("nonce").GetString()).ToList();
        Assert.Equal(["ba7", "ba7"], nonces);
        Assert.Equal(first.MessageId, second.MessageId);
        Assert.Single(_server.Posted);
    }

    [Fact]
    public async Task An_update_is_a_reply_to_the_first_message_and_says_what_changed()
    {
        var update = Alert() with { IsUpdate = true, Change = "Death toll rises to 59" };
        await SendAsync(8, update, replyTo: "1200000000000000099");

        var body = Assert.Single(_server.RequestsTo("POST", MessagesPath)).Json;
        Assert.Equal("""{"message_id":"1200000000000000099","fail_if_not_exists":false}""", body.GetProperty("message_reference").GetRawText());
        Assert.StartsWith("**UPDATE:** Death toll rises to 59\n\nTwo Kyrgyz", body.GetProperty("embeds")[0].GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_dm_opens_the_channel_first_and_a_user_with_dms_closed_is_paused()
    {
        const string user = "2000000000000000001";
        _server.EnqueueError("POST", $"/api/v10/channels/8{user}/messages", 403, 50007, "Cannot send messages to this user");

        var result = await SendAsync(9, Alert(), new Destination($"discord-user:{user}"));

        var open = Assert.Single(_server.RequestsTo("POST", "/api/v10/users/@me/channels"));
        Assert.Equal(user, open.Json.GetProperty("recipient_id").GetString());
        Assert.Equal(DeliveryOutcome.Failed, result.Outcome);
        Assert.Equal(DestinationStatus.Paused, result.DestinationState);
        Assert.Contains("50007", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(403, 50001, DestinationStatus.Disabled)]
    [InlineData(403, 50013, DestinationStatus.Disabled)]
    [InlineData(404, 10003, DestinationStatus.Disabled)]
    public async Task A_channel_we_cannot_reach_is_disabled(int status, int code, DestinationStatus expected)
    {
        _server.EnqueueError("POST", MessagesPath, status, code, "Missing Access");
        var result = await SendAsync(10, Alert());
        Assert.Equal(DeliveryOutcome.Failed, result.Outcome);
        Assert.Equal(expected, result.DestinationState);
    }

    [Fact]
    public async Task Server_errors_are_retried_with_backoff_then_sent()
    {
        _server.EnqueueError("POST", MessagesPath, 502, 0, "Bad Gateway");
        var result = await SendAsync(11, Alert());
        Assert.Equal(DeliveryOutcome.Sent, result.Outcome);
        Assert.Equal(2, _server.RequestsTo("POST", MessagesPath).Count);
    }

    [Fact]
    public async Task The_invalid_request_guard_stops_sending_near_its_ceiling()
    {
        _tuning = FastTuning with { InvalidRequestCeiling = 2 };
        _server.EnqueueError("POST", MessagesPath, 403, 50013, "Missing Permissions");
        _server.EnqueueError("POST", MessagesPath, 403, 50013, "Missing Permissions");
        await SendAsync(1, Alert());
        await SendAsync(2, Alert());

        var third = await SendAsync(3, Alert());

        Assert.Equal(DeliveryOutcome.Retry, third.Outcome);
        Assert.True(third.RetryAfter > TimeSpan.FromMinutes(9));
        Assert.Equal(2, _server.RequestsTo("POST", MessagesPath).Count); // the third never left
    }

    [Fact]
    public async Task Long_feed_text_is_trimmed_to_discords_limits()
    {
        var places = Enumerable.Range(0, 80).Select(i => new Core.Alerts.AlertPlace($"Village number {i}", "KG", 40, 70, $"https://www.openstreetmap.org/?mlat=40&mlon=70&n={i}")).ToList();
        var alert = Alert(headline: new string('H', 1000), summary: string.Concat(Enumerable.Repeat("Shots were fired *again* near the border. ", 400))) with { Places = places };
        Assert.Equal(DeliveryOutcome.Sent, (await SendAsync(12, alert)).Outcome);

        var embed = Assert.Single(_server.RequestsTo("POST", MessagesPath)).Json.GetProperty("embeds")[0];
        string title = embed.GetProperty("title").GetString()!;
        Assert.Equal(256, title.Length);
        Assert.EndsWith("…", title, StringComparison.Ordinal);
        Assert.True(embed.GetProperty("description").GetString()!.Length <= 4096);
        int total = title.Length + embed.GetProperty("description").GetString()!.Length + embed.GetProperty("footer").GetProperty("text").GetString()!.Length;
        foreach (var f in embed.GetProperty("fields").EnumerateArray())
        {
            Assert.True(f.GetProperty("value").GetString()!.Length <= 1024);
            total += f.GetProperty("name").GetString()!.Length + f.GetProperty("value").GetString()!.Length;
        }
        Assert.True(total <= 6000, $"embed total {total}");
        Assert.Contains("more", embed.GetProperty("fields")[0].GetProperty("value").GetString(), StringComparison.Ordinal);
    }
}
