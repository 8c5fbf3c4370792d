using System.Diagnostics;
using BorderAlertBot.Storage.Sqlite;
using BorderAlertBot.Tests.Discord;
using BorderAlertBot.Tests.Fakes;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Xunit;

namespace BorderAlertBot.Tests.Delivery;

/// <summary>
/// The real binary (`run --once` and `run`) killed with SIGKILL at four points — during the poll, before
/// anything was sent; between two sends; while a send is held by the chat after it accepted it; while one
/// is held before it accepts — then restarted: every alert reaches each chat, Discord never posts one
/// twice (the fake enforces nonces as Discord does), Telegram repeats at most the message in flight at
/// each kill (here only the accepted one can repeat), and the restart sends everything pending within 60 s.
/// </summary>
public sealed class CrashTests : IAsyncLifetime
{
    private const string TelegramGroup = "-1001234567890";
    private static readonly string[] Villages = ["Vorukh", "Kok-Tash", "Ak-Sai", "Maksat", "Samarkandek"];

    private FeedServer _feeds = null!;
    private FakeTelegramServer _telegram = null!;
    private FakeDiscordServer _discord = null!;
    private readonly CliRunner _files = new();
    private TaskCompletionSource? _feedHeld;
    private readonly TaskCompletionSource _releaseFeed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private string Database => $"Data Source={Path.Combine(_files.DataDir, "crash.db")}";

    public async Task InitializeAsync()
    {
        _feeds = await FeedServer.StartAsync();
        _telegram = await FakeTelegramServer.StartAsync();
        _discord = await FakeDiscordServer.StartAsync();
        var now = DateTimeOffset.UtcNow;
        // Five separate incidents (places and days apart): five stories, five alerts, each to two chats.
        string feed = RssBuilder.Build("24.kg", Villages.Select((v, i) => new RssBuilder.Item(
            "c" + i, $"Border guards exchange fire near {v}", $"Kyrgyz and Tajik border guards exchanged fire near {v} on the Kyrgyz-Tajik border, two were wounded.",
            _feeds.Url("/n/" + i).AbsoluteUri, now.AddHours(-3 * i - 1))));
        _feeds.Map("/feed.xml", async context =>
        {
            if (_feedHeld is { } held && held.TrySetResult()) await _releaseFeed.Task; // the first poll hangs until the kill
            context.Response.ContentType = "application/rss+xml; charset=utf-8";
            await context.Response.WriteAsync(feed);
        });
    }

    public async Task DisposeAsync()
    {
        _releaseFeed.TrySetResult();
        await _feeds.DisposeAsync();
        await _telegram.DisposeAsync();
        await _discord.DisposeAsync();
        _files.Dispose();
    }

    private AppProcess Start(bool once) => AppProcess.Start(_files.DataDir, new Dictionary<string, string>
    {
        ["BorderAlert__ConfigDir"] = TestPaths.ConfigDir,
        ["BorderAlert__FeedsFile"] = _files.FeedsFile(("kg24", _feeds.Url("/feed.xml"))),
        ["BorderAlert__Storage__ConnectionString"] = Database,
        ["BorderAlert__Fetch__AllowPrivateNetworks"] = "true",
        ["BorderAlert__Pipeline__FetchArticles"] = "false",
        ["BorderAlert__Web__Urls"] = "http://127.0.0.1:0",
        ["BorderAlert__Telegram__Token"] = FakeTelegramServer.Token,
        ["BorderAlert__Telegram__ApiBaseUrl"] = _telegram.ApiBaseUrl,
        ["BorderAlert__Telegram__ChatIds__0"] = TelegramGroup,
        ["BorderAlert__Telegram__PollingTimeout"] = "00:00:02",
        ["BorderAlert__Telegram__ChatInterval"] = "00:00:05",
        ["BorderAlert__Discord__Token"] = FakeDiscordServer.Token,
        ["BorderAlert__Discord__ApiBaseUrl"] = _discord.ApiBaseUrl,
        ["BorderAlert__Discord__ChannelIds__0"] = DiscordTestSupport.ChannelId,
    }, once ? ["run", "--once"] : ["run"]);

    private static async Task KillAsync(AppProcess process)
    {
        process.Signal(AppProcess.SigKill);
        await process.WaitForExitAsync(TimeSpan.FromSeconds(30));
    }

    private async Task<long> CountSentToTelegramAsync()
    {
        await using var connection = new SqliteConnection(Database);
        await connection.OpenAsync();
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT COUNT(*) FROM deliveries WHERE status = 'sent' AND destination LIKE 'telegram:%';";
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Killed_at_every_point_of_delivery_then_restarted_delivers_everything(bool once)
    {
        // Kill 1, before the first send: the poll is still fetching the feed, nothing is committed or sent.
        _feedHeld = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (var first = Start(once))
        {
            await _feedHeld.Task.WaitAsync(TimeSpan.FromSeconds(90));
            await KillAsync(first);
        }
        _releaseFeed.TrySetResult();
        Assert.Empty(_telegram.Calls("sendMessage"));
        Assert.Empty(_discord.Posted);

        // Kill 2, between sends: the first Telegram message was answered and recorded; the chat's own
        // interval (5 s here) keeps the next one away.
        var answered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _telegram.AfterSendAccepted = _ => { answered.TrySetResult(); return Task.CompletedTask; };
        using (var second = Start(once))
        {
            await answered.Task.WaitAsync(TimeSpan.FromSeconds(90));
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (await CountSentToTelegramAsync() < 1) { Assert.True(DateTime.UtcNow < deadline, "the answered send was never recorded"); await Task.Delay(20); }
            await KillAsync(second);
        }
        Assert.Single(_telegram.Calls("sendMessage")); // killed between the first Telegram send and the second

        // Kill 3: the next Telegram message was accepted (it exists in the chat), its answer never came back.
        var accepted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var never = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _telegram.AfterSendAccepted = _ =>
        {
            if (!accepted.TrySetResult()) return Task.CompletedTask;
            return never.Task;
        };
        using (var third = Start(once))
        {
            await accepted.Task.WaitAsync(TimeSpan.FromSeconds(90));
            await KillAsync(third);
        }
        _telegram.AfterSendAccepted = null;
        never.TrySetResult();

        // Kill 4: the restart's first Telegram send is held before the chat accepts it.
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _telegram.SendMessageRule = _ =>
        {
            if (!held.TrySetResult()) return null;
            return FakeTelegramServer.Failure.Slow(TimeSpan.FromMinutes(10));
        };
        using (var fourth = Start(once))
        {
            await held.Task.WaitAsync(TimeSpan.FromSeconds(90));
            await KillAsync(fourth);
        }
        _telegram.SendMessageRule = null;

        // The restart takes over what the dead processes held at once and sends all of it within 60 s.
        var stopwatch = Stopwatch.StartNew();
        using (var last = Start(once))
        {
            if (once)
            {
                await last.WaitForExitAsync(TimeSpan.FromSeconds(90));
                Assert.Equal(0, last.ExitCode);
                Assert.Contains(" 0 pending)", last.Error);
            }
            else
            {
                using var watch = new SqliteStorage(Database);
                while (await watch.Outbox.CountPendingDeliveriesAsync(default) > 0)
                {
                    Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(90), "the restarted `run` left deliveries pending:\n" + last.Error);
                    await Task.Delay(100);
                }
                Assert.False(last.HasExited, last.Error);
            }
            Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(60), $"the restart took {stopwatch.Elapsed}");
        }

        using var store = new SqliteStorage(Database);
        var alerts = await store.Alerts.GetRecentAlertsAsync(DateTimeOffset.UtcNow.AddDays(-30), 100, default);
        Assert.InRange(alerts.Count, 3, Villages.Length); // the detector may join two reports into one story
        Assert.Equal(0, await store.Outbox.CountPendingDeliveriesAsync(default));
        int duplicates = 0;
        foreach (var alert in alerts)
        {
            int telegram = _telegram.SentMessages.Count(m => m.Text!.Contains(alert.Headline, StringComparison.Ordinal));
            Assert.InRange(telegram, 1, 2);
            duplicates += telegram - 1;
            var discord = _discord.Posted.Where(p => p.Message["embeds"]![0]!["title"]!.GetValue<string>().Contains(alert.Headline, StringComparison.Ordinal)).ToList();
            Assert.Single(discord); // resends carried the same nonce: Discord kept one message
        }
        // Four kills, at most one repeat: only the message accepted at kill 3 can repeat; nothing was in
        // flight at kills 1 and 2, and the one held at kill 4 never reached the chat.
        Assert.InRange(duplicates, 0, 1);
    }
}
