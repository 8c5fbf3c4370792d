using BorderAlertBot.Telegram;
using Xunit;

namespace BorderAlertBot.Tests.Telegram;

/// <summary>
/// Who is speaking, over the loopback Bot API: sender_chat (anonymous admins, members posting as a
/// channel) decides the speaker and its rights, and chat_member updates keep admin rights current.
/// </summary>
public sealed class TelegramSpeakerTests : IAsyncLifetime
{
    private const long Group = -100700;
    private TelegramRig _rig = null!;
    private readonly RecordingCommandService _commands = new();

    public async Task InitializeAsync() => _rig = await TelegramRig.StartAsync();

    public async Task DisposeAsync() => await _rig.DisposeAsync();

    private async Task<TelegramUpdateService> StartAsync()
    {
        var service = _rig.NewUpdateService(_commands);
        await service.StartAsync(CancellationToken.None);
        await _rig.Server.WaitUntilAsync(s => s.Calls("getUpdates").Count > 0);
        return service;
    }

    private Task RepliesAsync(int count) => _rig.Server.WaitUntilAsync(s => s.SentMessages.Count >= count);

    [Fact]
    public async Task An_anonymous_admin_speaks_for_the_group_as_its_admin_and_a_member_posting_as_a_channel_is_no_admin()
    {
        var service = await StartAsync();
        _rig.Server.AddAnonymousAdminMessage(Group, "/settings");
        await RepliesAsync(1);
        _rig.Server.AddMessageAsChannel(Group, -100800, "/settings");
        await RepliesAsync(2);
        await service.StopAsync(CancellationToken.None);

        var calls = _commands.Calls.ToList();
        Assert.Equal(("-100700", true, true), (calls[0].Caller.UserId, calls[0].Caller.SpeaksForChat, calls[0].Caller.IsAdmin));
        Assert.Equal(("-100800", true, false), (calls[1].Caller.UserId, calls[1].Caller.SpeaksForChat, calls[1].Caller.IsAdmin));
        Assert.Equal("settings ok", _rig.Server.SentMessages[0].Text);
        Assert.Contains("Only admins", _rig.Server.SentMessages[1].Text);
        Assert.Empty(_rig.Server.Calls("getChatMember")); // neither is a person whose rights Telegram could tell
    }

    [Fact]
    public async Task Subscribe_on_behalf_of_a_chat_is_refused_with_the_reason_and_never_stored()
    {
        var service = await StartAsync();
        _rig.Server.AddAnonymousAdminMessage(Group, "/subscribe Vorukh");
        _rig.Server.AddMessageAsChannel(Group, -100800, "/subscribe@BorderAlertTestBot mortar");
        await RepliesAsync(2);
        await service.StopAsync(CancellationToken.None);

        Assert.Empty(_commands.Calls); // refused before it reached the commands
        foreach (var reply in _rig.Server.SentMessages)
        {
            Assert.Contains("on behalf of a chat", reply.Text, StringComparison.Ordinal);
            Assert.Contains("private chat with the bot from your own account", reply.Text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_demotion_delivered_as_a_chat_member_update_revokes_settings_at_once()
    {
        _rig.Server.MemberStatus[(Group, 7)] = "administrator";
        var service = await StartAsync();
        _rig.Server.AddMessage(Group, "supergroup", 7, "/settings");
        await RepliesAsync(1);
        _rig.Server.MemberStatus[(Group, 7)] = "member";
        _rig.Server.AddChatMemberUpdate(Group, 7, "administrator", "member");
        _rig.Server.AddMessage(Group, "supergroup", 7, "/settings");
        await RepliesAsync(2);
        await service.StopAsync(CancellationToken.None);

        // The clock never moved: the cached "admin" (5 minutes) was dropped by the update, not by age.
        Assert.Equal([true, false], _commands.Calls.Select(c => c.Caller.IsAdmin).ToArray());
        Assert.Contains("Only admins", _rig.Server.SentMessages[1].Text);
        Assert.Equal(2, _rig.Server.Calls("getChatMember").Count);
        var asked = _rig.Server.Calls("getUpdates")[0].Body["allowed_updates"]!.AsArray().Select(u => u!.GetValue<string>());
        Assert.Contains("chat_member", asked);
    }

    [Fact]
    public async Task Not_an_admin_is_trusted_for_less_time_than_admin()
    {
        _rig.Options.NonAdminCacheDuration = TimeSpan.FromSeconds(30);
        var admins = new TelegramAdminCheck(_rig.Connection, Microsoft.Extensions.Options.Options.Create(_rig.Options), _rig.Time);
        _rig.Server.MemberStatus[(Group, 7)] = "administrator";
        Assert.True(await admins.IsAdminAsync(Group, 7, CancellationToken.None));
        Assert.False(await admins.IsAdminAsync(Group, 8, CancellationToken.None));

        _rig.Server.MemberStatus[(Group, 8)] = "administrator"; // promoted where the bot hears nothing of it
        _rig.Time.Advance(TimeSpan.FromSeconds(31));
        Assert.True(await admins.IsAdminAsync(Group, 7, CancellationToken.None));  // still cached
        Assert.True(await admins.IsAdminAsync(Group, 8, CancellationToken.None));  // asked again
        Assert.Equal(3, _rig.Server.Calls("getChatMember").Count);
    }
}
