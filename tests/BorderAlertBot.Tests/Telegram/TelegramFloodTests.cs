using BorderAlertBot.Core.Commands;
using BorderAlertBot.Telegram;
using Xunit;

namespace BorderAlertBot.Tests.Telegram;

/// <summary>
/// A command flood against a loopback Bot API that keeps Telegram's limits (1 message a second per chat,
/// 20 a minute per group, 429 with retry_after otherwise), on the rig's fake clock: limits are counted on
/// arrival, the flooder is told once, and nobody else waits for the flooder's replies.
/// </summary>
public sealed class TelegramFloodTests : IAsyncLifetime
{
    private const long Group = -100500;
    private TelegramRig _rig = null!;
    private readonly RecordingCommandService _commands = new();

    public async Task InitializeAsync() => _rig = await TelegramRig.StartAsync(enforceLimits: true);

    public async Task DisposeAsync() => await _rig.DisposeAsync();

    private async Task<TelegramUpdateService> StartAsync()
    {
        var service = _rig.NewUpdateService(_commands);
        await service.StartAsync(CancellationToken.None);
        await _rig.Server.WaitUntilAsync(s => s.Calls("getUpdates").Count > 0);
        return service;
    }

    private int SentTo(long chat) => _rig.Server.SentMessages.Count(m => m.ChatId == chat.ToString(System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public async Task Thirty_commands_in_half_a_second_run_at_most_20_times_get_one_refusal_and_hold_up_no_other_chat()
    {
        var service = await StartAsync();
        // The clock stands still: a reply that has to wait for its chat's slot waits for good, so the
        // private answer below can only come if it does not queue behind the group's replies.
        _rig.ClockPaused = true;
        var floodStart = _rig.Time.GetUtcNow();
        for (int i = 0; i < 30; i++) _rig.Server.AddMessage(Group, "supergroup", 7, "/latest");
        int last = _rig.Server.AddMessage(42, "private", 42, "/help");

        await _rig.Server.WaitUntilAsync(s => SentTo(42) == 1);
        Assert.True(_rig.Time.GetUtcNow() - floodStart <= TimeSpan.FromSeconds(2), "the private answer waited for the group's send limit");
        Assert.True(SentTo(Group) <= 1, "the group got more than its one message this second");

        // Let time run: the group's replies leave at Telegram's pace, with nothing refused by the server.
        _rig.ClockPaused = false;
        await _rig.Server.WaitUntilAsync(s => SentTo(Group) >= 21, TimeSpan.FromSeconds(60));
        await _rig.Server.WaitUntilAsync(_ => _rig.Replies.BusyChats == 0);
        await service.StopAsync(CancellationToken.None);

        Assert.Equal(20, _commands.Calls.Count(c => c.Caller.ChatId == Group.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var groupReplies = _rig.Server.SentMessages.Where(m => m.ChatId == Group.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(21, groupReplies.Count);
        Assert.Single(groupReplies, m => m.Text!.Contains("please wait", StringComparison.Ordinal));
        Assert.Equal(0, _rig.Server.RateLimitedSends);
        Assert.Equal((20 + 1, 1, 9), (_rig.Guard.Admitted, _rig.Guard.Warned, _rig.Guard.Dropped));
        Assert.Equal((last + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), await _rig.Store.GetValueAsync(TelegramUpdateService.OffsetKey, CancellationToken.None));
        Assert.Empty(_rig.AdminNotices); // ten over the limit is a flood, not yet a mute
    }

    [Fact]
    public async Task A_persistent_flooder_is_muted_and_the_admin_is_told_once()
    {
        _rig.CommandOptions.RatePerMinute = 5;
        _rig.CommandOptions.MuteAfter = 10;
        var service = await StartAsync();
        for (int i = 0; i < 40; i++) _rig.Server.AddMessage(Group, "supergroup", 7, "/latest");
        int last = _rig.Server.AddMessage(42, "private", 42, "/help");
        await _rig.Server.WaitUntilAsync(s => SentTo(42) == 1);
        await _rig.Server.WaitUntilAsync(_ => _rig.Replies.BusyChats == 0, TimeSpan.FromSeconds(60));
        await service.StopAsync(CancellationToken.None);

        Assert.Equal(5, _commands.Calls.Count(c => c.Caller.UserId == "7"));
        Assert.Equal(5 + 1, SentTo(Group));
        Assert.Equal(1, _rig.Guard.Muted);
        var notice = Assert.Single(_rig.AdminNotices);
        Assert.Contains("telegram user 7", notice, StringComparison.Ordinal);
        Assert.Equal((last + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), await _rig.Store.GetValueAsync(TelegramUpdateService.OffsetKey, CancellationToken.None));
    }

    [Fact]
    public async Task Anonymous_admins_of_two_groups_each_have_their_own_bucket()
    {
        _rig.CommandOptions.RatePerMinute = 3;
        var service = await StartAsync();
        for (int i = 0; i < 4; i++) _rig.Server.AddAnonymousAdminMessage(-100601, "/latest");
        _rig.Server.AddAnonymousAdminMessage(-100602, "/latest");
        await _rig.Server.WaitUntilAsync(s => SentTo(-100601) == 4 && SentTo(-100602) == 1, TimeSpan.FromSeconds(60));
        await service.StopAsync(CancellationToken.None);

        Assert.Equal(3, _commands.Calls.Count(c => c.Caller.UserId == "-100601"));
        var other = Assert.Single(_commands.Calls, c => c.Caller.UserId == "-100602");
        Assert.True(other.Caller.SpeaksForChat);
        Assert.True(other.Caller.IsAdmin);
        Assert.DoesNotContain(_commands.Calls, c => c.Caller.UserId == TelegramSender.GroupAnonymousBotId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Empty(_rig.Server.Calls("getChatMember"));
    }
}
