using System.Diagnostics;
using BorderAlertBot.Core.Commands;
using BorderAlertBot.Telegram;
using BorderAlertBot.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit;

namespace BorderAlertBot.Tests.Telegram;

/// <summary>Commands in through getUpdates long polling against the loopback Bot API server.</summary>
public class TelegramUpdateServiceTests : IAsyncLifetime
{
    private TelegramRig _rig = null!;
    private readonly RecordingCommandService _commands = new();
    private TelegramAdminCheck _admins = null!;

    public async Task InitializeAsync()
    {
        _rig = await TelegramRig.StartAsync();
        _admins = new TelegramAdminCheck(_rig.Connection, Options.Create(_rig.Options), _rig.Time);
    }

    public async Task DisposeAsync() => await _rig.DisposeAsync();

    private TelegramUpdateService NewService() => _rig.NewUpdateService(_commands, _admins);

    private async Task<TelegramUpdateService> StartAsync()
    {
        var service = NewService();
        await service.StartAsync(CancellationToken.None);
        await _rig.Server.WaitUntilAsync(s => s.Calls("getUpdates").Count > 0);
        return service;
    }

    private Task RepliesAsync(int count) => _rig.Server.WaitUntilAsync(s => s.SentMessages.Count >= count);

    [Fact]
    public async Task Start_up_registers_the_commands_and_a_group_command_is_answered_in_its_topic_as_a_reply()
    {
        var service = await StartAsync();
        int update = _rig.Server.AddMessage(-100123, "supergroup", 7, "/help@BorderAlertTestBot", threadId: 45);
        await RepliesAsync(1);
        await service.StopAsync(CancellationToken.None);

        var methods = _rig.Server.Requests.Select(r => r.Method).ToList();
        Assert.True(methods.IndexOf("deleteWebhook") < methods.IndexOf("getUpdates"));
        Assert.True(methods.IndexOf("getMe") < methods.IndexOf("getUpdates"));
        var menu = Assert.Single(_rig.Server.Calls("setMyCommands")).Body["commands"]!.AsArray();
        Assert.Equal(["help", "latest", "subscribe", "settings"], menu.Select(c => c!["command"]!.GetValue<string>()).ToArray());
        Assert.Equal("The latest alerts", menu[1]!["description"]!.GetValue<string>());

        var call = Assert.Single(_commands.Calls);
        Assert.Equal("help", call.Name);
        Assert.Equal(new CommandCaller("telegram", "7", "-100123/45", IsPrivateChat: false, IsAdmin: false, DisplayName: "user"), call.Caller);
        var reply = Assert.Single(_rig.Server.SentMessages);
        Assert.Equal("-100123", reply.ChatId);
        Assert.Equal(45, reply.Body["message_thread_id"]!.GetValue<int>());
        Assert.Equal(5000 + update, reply.Body["reply_parameters"]!["message_id"]!.GetValue<int>());
        Assert.Equal("Use &lt;b&gt;/latest&lt;/b&gt; &amp; /subscribe", reply.Text);
        Assert.Equal((update + 1).ToString(), await _rig.Store.GetValueAsync(TelegramUpdateService.OffsetKey, CancellationToken.None));
    }

    [Fact]
    public async Task Commands_for_other_bots_and_unknown_group_commands_are_ignored()
    {
        var service = await StartAsync();
        _rig.Server.AddMessage(-100123, "supergroup", 7, "/help@OtherBot");
        _rig.Server.AddMessage(-100123, "supergroup", 7, "/start");
        _rig.Server.AddMessage(-100123, "supergroup", 7, "just chatting about /help");
        int last = _rig.Server.AddMessage(-100123, "supergroup", 7, "/latest 3");
        await RepliesAsync(1);
        await _rig.Server.WaitUntilAsync(s => s.PendingUpdates == 0 || s.Calls("getUpdates").Count > 2);
        await service.StopAsync(CancellationToken.None);

        var call = Assert.Single(_commands.Calls);
        Assert.Equal("latest", call.Name);
        Assert.Equal(["3"], call.Arguments);
        Assert.Equal(5000 + last, Assert.Single(_rig.Server.SentMessages).Body["reply_parameters"]!["message_id"]!.GetValue<int>());
    }

    [Fact]
    public async Task Subscribe_in_a_private_chat_passes_the_user_as_admin_of_their_own_chat()
    {
        var service = await StartAsync();
        _rig.Server.AddMessage(42, "private", 42, "/subscribe Ворух");
        await RepliesAsync(1);
        await service.StopAsync(CancellationToken.None);

        var call = Assert.Single(_commands.Calls);
        Assert.Equal("subscribe", call.Name);
        Assert.Equal(["Ворух"], call.Arguments);
        Assert.Equal(new CommandCaller("telegram", "42", "42", IsPrivateChat: true, IsAdmin: true, DisplayName: "user"), call.Caller);
        Assert.Empty(_rig.Server.Calls("getChatMember"));
        var reply = Assert.Single(_rig.Server.SentMessages);
        Assert.Equal("42", reply.ChatId);
        Assert.Equal("Subscribed to Ворух", reply.Text);
    }

    [Fact]
    public async Task Admin_status_comes_from_getChatMember_and_is_cached_briefly()
    {
        _rig.Server.MemberStatus[(-100123, 7)] = "administrator";
        var service = await StartAsync();
        _rig.Server.AddMessage(-100123, "supergroup", 7, "/settings");
        await RepliesAsync(1);
        _rig.Server.AddMessage(-100123, "supergroup", 7, "/settings");
        await RepliesAsync(2);
        _rig.Server.AddMessage(-100123, "supergroup", 8, "/settings");
        await RepliesAsync(3);
        await _rig.Server.WaitUntilAsync(_ => _rig.Replies.BusyChats == 0); // before moving the clock: the reply's own timeout runs on it too
        Assert.Equal(2, _rig.Server.Calls("getChatMember").Count);

        _rig.Time.Advance(_rig.Options.AdminCacheDuration + TimeSpan.FromSeconds(1));
        _rig.Server.AddMessage(-100123, "supergroup", 7, "/settings");
        await RepliesAsync(4);
        await service.StopAsync(CancellationToken.None);

        Assert.Equal(3, _rig.Server.Calls("getChatMember").Count);
        var member = _rig.Server.Calls("getChatMember")[0].Body;
        Assert.Equal("-100123", member["chat_id"]!.ToString());
        Assert.Equal(7, member["user_id"]!.GetValue<long>());
        Assert.Equal([true, true, false, true], _commands.Calls.Select(c => c.Caller.IsAdmin).ToArray());
        Assert.Contains("Only admins", _rig.Server.SentMessages[2].Text);
    }

    [Fact]
    public async Task A_channel_post_command_counts_as_an_admin()
    {
        var service = await StartAsync();
        _rig.Server.AddChannelPost(-100999, "/latest");
        await RepliesAsync(1);
        await service.StopAsync(CancellationToken.None);
        var call = Assert.Single(_commands.Calls);
        Assert.Equal(new CommandCaller("telegram", "-100999", "-100999", IsPrivateChat: false, IsAdmin: true, DisplayName: "Chat -100999", SpeaksForChat: true), call.Caller);
        Assert.Empty(_rig.Server.Calls("getChatMember"));
    }

    [Fact]
    public async Task A_restart_mid_stream_answers_no_update_twice_and_loses_none()
    {
        // The first instance answers update 1, then is stopped while handling update 2.
        var blocked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _commands.Gate = async (command, ct) =>
        {
            if (command.ArgumentText == "2" && _commands.Calls.Count(c => c.ArgumentText == "2") == 1)
            {
                blocked.TrySetResult();
                await Task.Delay(Timeout.Infinite, ct);
            }
        };
        var first = await StartAsync();
        var ids = Enumerable.Range(1, 3).Select(i => _rig.Server.AddMessage(42, "private", 42, $"/latest {i}")).ToList();
        await blocked.Task.WaitAsync(TimeSpan.FromSeconds(20));
        await first.StopAsync(CancellationToken.None);
        Assert.Single(_rig.Server.SentMessages);
        Assert.Equal((ids[0] + 1).ToString(), await _rig.Store.GetValueAsync(TelegramUpdateService.OffsetKey, CancellationToken.None));

        ids.Add(_rig.Server.AddMessage(42, "private", 42, "/latest 4"));
        var second = await StartAsync();
        await RepliesAsync(4);
        await _rig.Server.WaitUntilAsync(s => s.Calls("getUpdates").Count(r => r.Body["offset"]?.GetValue<int>() == ids[3] + 1) > 0);
        await second.StopAsync(CancellationToken.None);

        var repliedTo = _rig.Server.SentMessages.Select(m => m.Body["reply_parameters"]!["message_id"]!.GetValue<int>()).ToList();
        Assert.Equal(ids.Select(i => 5000 + i), repliedTo);
        Assert.Equal((ids[3] + 1).ToString(), await _rig.Store.GetValueAsync(TelegramUpdateService.OffsetKey, CancellationToken.None));
        Assert.Equal(0, _rig.Server.PendingUpdates);
    }

    [Fact]
    public async Task Stop_ends_a_long_poll_within_seconds()
    {
        _rig.Options.PollingTimeout = TimeSpan.FromSeconds(30);
        var service = await StartAsync();
        var watch = Stopwatch.StartNew();
        await service.StopAsync(CancellationToken.None);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"stopping took {watch.Elapsed}");
        Assert.Equal(30, _rig.Server.Calls("getUpdates")[0].Body["timeout"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_failing_getUpdates_is_retried()
    {
        _rig.Server.FailNext("getUpdates", FakeTelegramServer.Failure.ServerError());
        var service = NewService();
        await service.StartAsync(CancellationToken.None);
        await _rig.Server.WaitUntilAsync(s => s.Calls("getUpdates").Count == 1);
        _rig.Server.AddMessage(42, "private", 42, "/help");
        // The backoff waits on the (fake) clock: move it until the next poll goes out.
        var deadline = Stopwatch.StartNew();
        while (_rig.Server.Calls("getUpdates").Count < 2 && deadline.Elapsed < TimeSpan.FromSeconds(20))
        {
            _rig.Time.Advance(TimeSpan.FromSeconds(1));
            await Task.Yield();
        }
        await RepliesAsync(1);
        await service.StopAsync(CancellationToken.None);
        Assert.Single(_commands.Calls);
    }
}
