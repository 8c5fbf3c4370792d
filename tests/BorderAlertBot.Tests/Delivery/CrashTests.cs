using System.Diagnostics;
using BorderAlertBot.Storage.Sqlite;
using BorderAlertBot.Tests.Discord;
using BorderAlertBot.Tests.Fakes;
using Xunit;

namespace BorderAlertBot.Tests.Delivery;

/// <summary>
/// The real binary killed with SIGKILL mid-delivery, then restarted: every alert reaches each chat,
/// Discord never posts one twice (the fake enforces nonces as Discord does), Telegram repeats at most
/// the message in flight at each kill, and the restart sends everything pending within 60 s.
/// </summary>
public sealed class CrashTests : IAsyncLifetime
{
    private const string TelegramGroup = "-1001234567890";
    private static readonly string[] Villages = ["Vorukh", "Kok-Tash", "Ak-Sai", "Maksat", "Samarkandek"];

    private FeedServer _feeds = null!;
    private FakeTelegramServer _telegram = null!;
    private FakeDiscordServer _discord = null!;
    private readonly CliRunner _files = new();

    public async Task InitializeAsync()
    {
        _feeds = await FeedServer.StartAsync();
        _telegram = await FakeTelegramServer.StartAsync();
        _discord = await FakeDiscordServer.StartAsync();
        var now = DateTimeOffset.UtcNow;
        // Five separate incidents (places and days apart): five stories, five alerts, each to two chats.
        _feeds.MapFeed("/feed.xml", () => RssBuilder.Build("24.kg", Villages.Select((v, i) => new RssBuilder.Item(
            "c" + i, $"Border guards exchange fire near {v}", $"Kyrgyz and Tajik border guards exchanged fire near {v} on the Kyrgyz-Tajik border, two were wounded.",
            _feeds.Url("/n/" + i).AbsoluteUri, now.AddHours(-3 * i - 1)))));
    }

    public async Task DisposeAsync()
    {
        await _feeds.DisposeAsync();
        await _telegram.DisposeAsync();
        await _discord.DisposeAsync();
        _files.Dispose();
    }

    private AppProcess RunOnce() => AppProcess.Start(_files.DataDir, new Dictionary<string, string>
    {
        ["BorderAlert__ConfigDir"] = TestPaths.ConfigDir,
        ["BorderAlert__FeedsFile"] = _files.FeedsFile(("kg24", _feeds.Url("/feed.xml"))),
        ["BorderAlert__Storage__ConnectionString"] = $"Data Source={Path.Combine(_files.DataDir, "crash.db")}",
        ["BorderAlert__Fetch__AllowPrivateNetworks"] = "true",
        ["BorderAlert__Pipeline__FetchArticles"] = "false",
        ["BorderAlert__Telegram__Token"] = FakeTelegramServer.Token,
        ["BorderAlert__Telegram__ApiBaseUrl"] = _telegram.ApiBaseUrl,
        ["BorderAlert__Telegram__ChatIds__0"] = TelegramGroup,
        ["BorderAlert__Discord__Token"] = FakeDiscordServer.Token,
        ["BorderAlert__Discord__ApiBaseUrl"] = _discord.ApiBaseUrl,
        ["BorderAlert__Discord__ChannelIds__0"] = DiscordTestSupport.ChannelId,
    }, "run", "--once");

    [Fact]
    public async Task Killed_while_sends_are_held_before_and_after_the_chat_accepts_then_restarted_delivers_everything()
    {
        // Kill 1: the second Telegram message was accepted (it exists in the chat), its answer never came back.
        var accepted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var never = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        int sends = 0;
        _telegram.AfterSendAccepted = _ =>
        {
            if (Interlocked.Increment(ref sends) != 2) return Task.CompletedTask;
            accepted.TrySetResult();
            return never.Task;
        };
        using (var first = RunOnce())
        {
            await accepted.Task.WaitAsync(TimeSpan.FromSeconds(90));
            first.Signal(AppProcess.SigKill);
            await first.WaitForExitAsync(TimeSpan.FromSeconds(30));
        }
        _telegram.AfterSendAccepted = null;
        never.TrySetResult();

        // Kill 2: the restart's first Telegram send is held before the chat accepts it.
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _telegram.SendMessageRule = _ =>
        {
            if (!held.TrySetResult()) return null;
            return FakeTelegramServer.Failure.Slow(TimeSpan.FromMinutes(10));
        };
        using (var second = RunOnce())
        {
            await held.Task.WaitAsync(TimeSpan.FromSeconds(90));
            second.Signal(AppProcess.SigKill);
            await second.WaitForExitAsync(TimeSpan.FromSeconds(30));
        }
        _telegram.SendMessageRule = null;

        // The restart takes over what the dead processes held at once and sends all of it.
        var stopwatch = Stopwatch.StartNew();
        using var third = RunOnce();
        await third.WaitForExitAsync(TimeSpan.FromSeconds(90));
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(60), $"the restart took {stopwatch.Elapsed}");
        Assert.Equal(0, third.ExitCode);
        Assert.Contains(" 0 pending)", third.Error);

        using var store = new SqliteAlertStore($"Data Source={Path.Combine(_files.DataDir, "crash.db")}");
        var alerts = await store.GetRecentAlertsAsync(DateTimeOffset.UtcNow.AddDays(-30), 100, default);
        Assert.InRange(alerts.Count, 3, Villages.Length); // the detector may join two reports into one story
        Assert.Equal(0, await store.CountPendingDeliveriesAsync(default));
        int duplicates = 0;
        foreach (var alert in alerts)
        {
            int telegram = _telegram.SentMessages.Count(m => m.Text!.Contains(alert.Headline, StringComparison.Ordinal));
            Assert.InRange(telegram, 1, 2);
            duplicates += telegram - 1;
            var discord = _discord.Posted.Where(p => p.Message["embeds"]![0]!["title"]!.GetValue<string>().Contains(alert.Headline, StringComparison.Ordinal)).ToList();
            Assert.Single(discord); // resends carried the same nonce: Discord kept one message
        }
        Assert.InRange(duplicates, 0, 1); // only the message accepted at kill 1 can repeat; the one held before acceptance never reached the chat
    }
}
