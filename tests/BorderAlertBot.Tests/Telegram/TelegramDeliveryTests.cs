using BorderAlertBot.Core.Delivery;
using BorderAlertBot.Sinks;
using BorderAlertBot.Telegram;
using BorderAlertBot.Tests.Fakes;
using Microsoft.Extensions.Options;
using Xunit;

namespace BorderAlertBot.Tests.Telegram;

/// <summary>The sink driven by the real dispatcher and SQLite outbox: outcomes recorded on delivery rows.</summary>
public class TelegramDeliveryTests : IAsyncLifetime
{
    private TelegramRig _rig = null!;

    public async Task InitializeAsync() => _rig = await TelegramRig.StartAsync();
    public async Task DisposeAsync() => await _rig.DisposeAsync();

    [Fact]
    public async Task A_429_storm_is_waited_out_with_nothing_lost_and_nothing_sent_twice()
    {
        var group = new Destination("telegram:-100111");
        var user = new Destination("telegram-user:42");
        for (int i = 1; i <= 3; i++) await _rig.AddAlertAsync(TelegramRig.MakeAlert("storm" + i), group, user);
        _rig.Server.FailNext("sendMessage", FakeTelegramServer.Failure.TooManyRequests(3), count: 5);

        await _rig.DispatchUntilIdleAsync();

        var sent = _rig.Server.SentMessages;
        Assert.Equal(6, sent.Count);
        Assert.Equal(6, sent.Select(m => (m.ChatId, TelegramHtmlChecker.VisibleText(m.Text!).Split("Story ")[1])).Distinct().Count());
        // Five 429s and six deliveries: no request was spent on a chat while Telegram told us to wait.
        Assert.Equal(11, _rig.Server.Calls("sendMessage").Count);
        var rows = await _rig.DeliveriesAsync();
        Assert.Equal(6, rows.Count);
        Assert.All(rows, r => Assert.Equal("sent", r.Status));
        Assert.Equal(sent.Select(m => m.AnsweredMessageId.ToString()).Order(), rows.Select(r => r.MessageId).Order());
        Assert.Contains(rows, r => r.Attempts > 1);
    }

    [Fact]
    public async Task A_group_that_became_a_supergroup_is_retargeted_and_the_next_alert_goes_to_the_new_id()
    {
        _rig.Options.ChatIds.Add("-333");
        var channels = new ConfiguredChannels([new TelegramChannelSource(Options.Create(_rig.Options), _rig.Store.Settings)], _rig.Store.Destinations);
        var before = Assert.Single(await channels.GetChannelsAsync(CancellationToken.None));
        Assert.Equal("telegram:-333", before.Destination.Key);

        _rig.Server.FailNext("sendMessage", FakeTelegramServer.Failure.Migrated(-1009876543210));
        await _rig.AddAlertAsync(TelegramRig.MakeAlert("m1"), before.Destination);
        await _rig.DispatchUntilIdleAsync();

        var resent = Assert.Single(_rig.Server.SentMessages);
        Assert.Equal("-1009876543210", resent.ChatId);
        Assert.Equal("disabled", (await _rig.Store.Destinations.GetDestinationAsync(before.Destination, CancellationToken.None))!.Status.ToString().ToLowerInvariant());

        var after = Assert.Single(await channels.GetChannelsAsync(CancellationToken.None));
        Assert.Equal("telegram:-1009876543210", after.Destination.Key);
        await _rig.AddAlertAsync(TelegramRig.MakeAlert("m2"), after.Destination);
        await _rig.DispatchUntilIdleAsync();
        Assert.Equal(new[] { "-1009876543210", "-1009876543210" }, _rig.Server.SentMessages.Select(m => m.ChatId ?? "").ToArray());
        Assert.DoesNotContain(_rig.Server.Calls("sendMessage").Skip(1), m => m.ChatId == "-333");
    }

    [Fact]
    public async Task A_blocked_bot_pauses_the_destination_and_the_row_records_why()
    {
        var user = new Destination("telegram-user:42");
        _rig.Server.SendMessageRule = body => body["chat_id"]?.ToString() == "42" ? FakeTelegramServer.Failure.Blocked() : null;
        await _rig.AddAlertAsync(TelegramRig.MakeAlert("b1"), user, new Destination("telegram:-100500"));

        await _rig.DispatchUntilIdleAsync();

        var record = await _rig.Store.Destinations.GetDestinationAsync(user, CancellationToken.None);
        Assert.Equal(DestinationStatus.Paused, record!.Status);
        var rows = await _rig.DeliveriesAsync();
        var failed = Assert.Single(rows, r => r.Destination == user.Key);
        Assert.Equal("failed", failed.Status);
        Assert.Contains("blocked", failed.Error);
        Assert.Equal("sent", Assert.Single(rows, r => r.Destination == "telegram:-100500").Status);
        Assert.Single(_rig.Server.Calls("sendMessage"), m => m.ChatId == "42");
    }

    [Fact]
    public async Task A_missing_chat_is_disabled_and_a_server_error_is_retried()
    {
        _rig.Server.FailNext("sendMessage", FakeTelegramServer.Failure.ServerError(), count: 2);
        await _rig.AddAlertAsync(TelegramRig.MakeAlert("e1"), new Destination("telegram:-100600"));
        await _rig.DispatchUntilIdleAsync();
        var row = Assert.Single(await _rig.DeliveriesAsync());
        Assert.Equal("sent", row.Status);
        Assert.Equal(3, row.Attempts);

        _rig.Server.FailNext("sendMessage", FakeTelegramServer.Failure.ChatNotFound());
        await _rig.AddAlertAsync(TelegramRig.MakeAlert("e2"), new Destination("telegram:-100700"));
        await _rig.DispatchUntilIdleAsync();
        Assert.Equal(DestinationStatus.Disabled, (await _rig.Store.Destinations.GetDestinationAsync(new Destination("telegram:-100700"), CancellationToken.None))!.Status);
    }
}
