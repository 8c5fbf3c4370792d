using System.Text.Json.Nodes;
using BorderAlertBot.Core.Alerts;
using BorderAlertBot.Core.Delivery;
using BorderAlertBot.Telegram;
using BorderAlertBot.Tests.Fakes;
using Xunit;

namespace BorderAlertBot.Tests.Telegram;

/// <summary>The sink through the real Telegram.Bot client against the loopback Bot API server.</summary>
public class TelegramSinkTests : IAsyncLifetime
{
    private TelegramRig _rig = null!;

    public async Task InitializeAsync() => _rig = await TelegramRig.StartAsync();
    public async Task DisposeAsync() => await _rig.DisposeAsync();

    private static DeliveryRequest Request(Alert alert, string destination, string? replyTo = null, long id = 1) =>
        new(id, new Destination(destination), alert, replyTo, 1);

    [Fact]
    public async Task Hostile_feed_text_arrives_escaped_as_valid_html_with_previews_off()
    {
        var alert = TelegramRig.MakeAlert("h1",
            headline: "Clash at <script>alert('x')</script> & <b>Vorukh",
            summary: "Guards fired <b>unclosed & \"quoted\" <i>text</a> &amp; more > less <") with
        {
            Sources = [new AlertSource("Evil <b>News</b>", "javascript:alert(1)", "evil", null), new AlertSource("A&B \"Daily\"", "https://news.example/a?x=1&y=\"2\"", "ab", null)],
        };

        var result = await _rig.Sink.SendAsync(Request(alert, "telegram:-1001234567890"), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Sent, result.Outcome);
        var sent = Assert.Single(_rig.Server.SentMessages);
        Assert.Equal(sent.AnsweredMessageId.ToString(), result.MessageId);
        Assert.Equal("-1001234567890", sent.ChatId);
        Assert.Equal("HTML", sent.Body["parse_mode"]?.GetValue<string>(), ignoreCase: true); // Telegram reads parse_mode case-insensitively; Telegram.Bot sends "Html"
        Assert.True(sent.Body["link_preview_options"]?["is_disabled"]?.GetValue<bool>());
        Assert.Null(sent.Body["reply_parameters"]);
        Assert.Null(sent.Body["message_thread_id"]);
        string text = sent.Text!;
        Assert.Empty(TelegramHtmlChecker.Problems(text));
        Assert.DoesNotContain("<script", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("javascript:", text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;", text);
        Assert.Contains("href=\"https://news.example/a?x=1&amp;y=%222%22\"", text);
        string visible = TelegramHtmlChecker.VisibleText(text);
        Assert.Contains("Clash at <script>alert('x')</script> & <b>Vorukh", visible);
        Assert.Contains("Guards fired <b>unclosed & \"quoted\" <i>text</a> &amp; more > less <", visible);
        Assert.Contains("Evil <b>News</b>", visible);
        Assert.Contains("confirmed by 2 outlets", visible, StringComparison.Ordinal);
        Assert.Contains("2025-03-13 11:00 UTC", visible);
        Assert.Contains("17:00 Bishkek", visible);
        Assert.Contains("16:00 Dushanbe", visible);
        Assert.Contains("story-h1", visible);
        Assert.Contains("<a href=\"https://www.openstreetmap.org/?mlat=39.8534&amp;mlon=70.5803#map=13/39.8534/70.5803\">Vorukh (TJ)</a>", text);
    }

    [Fact]
    public async Task An_update_replies_to_the_first_message_in_the_forum_topic()
    {
        var alert = TelegramRig.MakeAlert("u1") with { IsUpdate = true, Change = "Death toll rises to <59>" };
        var result = await _rig.Sink.SendAsync(Request(alert, "telegram:-1001234567890/45", replyTo: "777"), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Sent, result.Outcome);
        var sent = Assert.Single(_rig.Server.SentMessages);
        Assert.Equal(45, sent.Body["message_thread_id"]?.GetValue<int>());
        Assert.Equal(777, sent.Body["reply_parameters"]?["message_id"]?.GetValue<int>());
        Assert.True(sent.Body["reply_parameters"]?["allow_sending_without_reply"]?.GetValue<bool>());
        Assert.Contains("UPDATE: Death toll rises to <59>", TelegramHtmlChecker.VisibleText(sent.Text!));
        Assert.Empty(TelegramHtmlChecker.Problems(sent.Text!));
    }

    [Fact]
    public async Task A_private_chat_destination_posts_to_the_user_id_and_a_channel_name_as_is()
    {
        await _rig.Sink.SendAsync(Request(TelegramRig.MakeAlert("p1"), "telegram-user:42"), CancellationToken.None);
        await _rig.Sink.SendAsync(Request(TelegramRig.MakeAlert("p2"), "telegram:@borderwatch", id: 2), CancellationToken.None);
        Assert.Equal(new[] { "42", "@borderwatch" }, _rig.Server.SentMessages.Select(m => m.ChatId ?? "").ToArray());
    }

    [Fact]
    public async Task A_long_alert_is_trimmed_to_4096_visible_characters_and_stays_valid_html()
    {
        string summary = string.Concat(Enumerable.Repeat("Shots & <shelling> near Vorukh 🇰🇬 ", 400));
        var alert = TelegramRig.MakeAlert("l1", summary: summary) with
        {
            Sources = Enumerable.Range(0, 60).Select(i => new AlertSource($"Outlet {i} & <co>", $"https://news{i}.example/item?id={i}&x=<y>", "f" + i, null)).ToList(),
        };
        var result = await _rig.Sink.SendAsync(Request(alert, "telegram:-100555"), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Sent, result.Outcome);
        string text = Assert.Single(_rig.Server.SentMessages).Text!;
        Assert.Empty(TelegramHtmlChecker.Problems(text));
        Assert.InRange(TelegramHtmlChecker.VisibleText(text).Length, 1000, TelegramHtml.MaxLength);
        Assert.Contains("…", text);
    }

    [Fact]
    public async Task Blocked_bot_pauses_and_missing_chat_disables_the_destination()
    {
        _rig.Server.FailNext("sendMessage", FakeTelegramServer.Failure.Blocked());
        var blocked = await _rig.Sink.SendAsync(Request(TelegramRig.MakeAlert("b1"), "telegram-user:42"), CancellationToken.None);
        Assert.Equal(DeliveryOutcome.Failed, blocked.Outcome);
        Assert.Equal(DestinationStatus.Paused, blocked.DestinationState);
        Assert.Contains("blocked", blocked.Error);

        _rig.Server.FailNext("sendMessage", FakeTelegramServer.Failure.ChatNotFound());
        var missing = await _rig.Sink.SendAsync(Request(TelegramRig.MakeAlert("b2"), "telegram:-100777", id: 2), CancellationToken.None);
        Assert.Equal(DeliveryOutcome.Failed, missing.Outcome);
        Assert.Equal(DestinationStatus.Disabled, missing.DestinationState);
        Assert.Contains("chat not found", missing.Error);

        _rig.Server.FailNext("sendMessage", FakeTelegramServer.Failure.BadRequest("can't parse entities"));
        var bad = await _rig.Sink.SendAsync(Request(TelegramRig.MakeAlert("b3"), "telegram:-100888", id: 3), CancellationToken.None);
        Assert.Equal(DeliveryOutcome.Failed, bad.Outcome);
        Assert.Null(bad.DestinationState);
        Assert.Contains("can't parse entities", bad.Error);
        Assert.Empty(_rig.Server.SentMessages);
    }

    [Fact]
    public async Task Server_errors_and_429_are_retried_and_migration_moves_the_destination()
    {
        _rig.Server.FailNext("sendMessage", FakeTelegramServer.Failure.ServerError());
        var error = await _rig.Sink.SendAsync(Request(TelegramRig.MakeAlert("r1"), "telegram:-100111"), CancellationToken.None);
        Assert.Equal(DeliveryOutcome.Retry, error.Outcome);

        _rig.Server.FailNext("sendMessage", FakeTelegramServer.Failure.TooManyRequests(7));
        var limited = await _rig.Sink.SendAsync(Request(TelegramRig.MakeAlert("r2"), "telegram:-100222", id: 2), CancellationToken.None);
        Assert.Equal(DeliveryOutcome.Retry, limited.Outcome);
        Assert.Equal(TimeSpan.FromSeconds(7), limited.RetryAfter);
        // While the chat's retry_after runs, no request is spent on it.
        int calls = _rig.Server.Calls("sendMessage").Count;
        var held = await _rig.Sink.SendAsync(Request(TelegramRig.MakeAlert("r3"), "telegram:-100222", id: 3), CancellationToken.None);
        Assert.Equal(DeliveryOutcome.Retry, held.Outcome);
        Assert.Equal(calls, _rig.Server.Calls("sendMessage").Count);

        _rig.Server.FailNext("sendMessage", FakeTelegramServer.Failure.Migrated(-1009876543210));
        var moved = await _rig.Sink.SendAsync(Request(TelegramRig.MakeAlert("r4"), "telegram:-333", id: 4), CancellationToken.None);
        Assert.Equal(new Destination("telegram:-1009876543210"), moved.MovedTo);
        Assert.Equal("-1009876543210", await _rig.Store.Settings.GetValueAsync(TelegramSink.MovedKeyPrefix + "-333", CancellationToken.None));
    }

    [Fact]
    public async Task A_slow_answer_times_out_into_a_retry()
    {
        _rig.Options.SendTimeout = TimeSpan.FromSeconds(5);
        _rig.Server.FailNext("sendMessage", FakeTelegramServer.Failure.Slow(TimeSpan.FromSeconds(30)));
        var sending = _rig.Sink.SendAsync(Request(TelegramRig.MakeAlert("s1"), "telegram:-100444"), CancellationToken.None);
        await _rig.Server.WaitUntilAsync(s => s.Calls("sendMessage").Count == 1);
        _rig.Time.Advance(TimeSpan.FromSeconds(6));
        var result = await sending.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(DeliveryOutcome.Retry, result.Outcome);
        Assert.Contains("no answer", result.Error);
    }

    [Fact]
    public async Task The_token_never_appears_in_errors()
    {
        _rig.Server.FailNext("sendMessage", new FakeTelegramServer.Failure(400, "Bad Request: token " + FakeTelegramServer.Token + " rejected"));
        var result = await _rig.Sink.SendAsync(Request(TelegramRig.MakeAlert("t1"), "telegram:-100444"), CancellationToken.None);
        Assert.DoesNotContain(FakeTelegramServer.Token, result.Error);
        Assert.Contains("<token>", result.Error);
    }
}
