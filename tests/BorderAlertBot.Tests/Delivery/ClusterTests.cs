using BorderAlertBot.Storage.Postgres;
using BorderAlertBot.Tests.Discord;
using BorderAlertBot.Tests.Fakes;
using Npgsql;
using Xunit;

namespace BorderAlertBot.Tests.Delivery;

/// <summary>
/// Two `run` instances (the real binary) on one PostgreSQL with a small loopback feed farm and the fake
/// chats: one of them is killed with SIGKILL while a Telegram send it made is held; the survivor takes
/// its work over, every alert reaches each chat (Discord exactly once), one getUpdates poller at a time
/// (no 409), a command before and after the kill answered once each, one event reported by two feeds
/// at once is one story.
/// </summary>
public sealed class ClusterTests(PostgresServer postgres) : IClassFixture<PostgresServer>, IAsyncLifetime
{
    private const string TelegramGroup = "-1001234567890";
    private static readonly string[] Villages = ["Kok-Tash", "Ak-Sai", "Maksat", "Samarkandek", "Tort-Kocho", "Dostuk"];

    private FeedServer _feeds = null!;
    private FakeTelegramServer _telegram = null!;
    private FakeDiscordServer _discord = null!;
    private readonly CliRunner _files = new();
    private string _database = "";

    public async Task InitializeAsync()
    {
        _feeds = await FeedServer.StartAsync();
        _telegram = await FakeTelegramServer.StartAsync();
        _discord = await FakeDiscordServer.StartAsync();
        _database = postgres.CreateDatabase();
        var now = DateTimeOffset.UtcNow;
        // Six feeds with one incident each, and the same Vorukh clash told by two of them in the same second.
        for (int i = 0; i < Villages.Length; i++)
        {
            string v = Villages[i];
            var items = new List<RssBuilder.Item> { new("c" + i, $"Border guards exchange fire near {v}", $"Kyrgyz and Tajik border guards exchanged fire near {v} on the Kyrgyz-Tajik border, two were wounded.", _feeds.Url($"/n/{i}").AbsoluteUri, now.AddHours(-3 * i - 2)) };
            if (i < 2) items.Add(new("v" + i, "Mortar shells hit a school in the Vorukh enclave, three civilians killed", "Tajik mortar fire struck a school in Vorukh on the Kyrgyz-Tajik border; three civilians were killed and five wounded.", _feeds.Url($"/v/{i}").AbsoluteUri, now.AddMinutes(-10)));
            _feeds.MapFeed($"/feed{i}.xml", () => RssBuilder.Build("outlet " + v, items));
        }
    }

    public async Task DisposeAsync()
    {
        await _feeds.DisposeAsync();
        await _telegram.DisposeAsync();
        await _discord.DisposeAsync();
        _files.Dispose();
    }

    private AppProcess Run() => AppProcess.Start(_files.DataDir, new Dictionary<string, string>
    {
        ["BorderAlert__ConfigDir"] = TestPaths.ConfigDir,
        ["BorderAlert__FeedsFile"] = _files.FeedsFile(Villages.Select((v, i) => ("f" + i, _feeds.Url($"/feed{i}.xml"))).ToArray()),
        ["BorderAlert__Storage__Provider"] = "postgres",
        ["BorderAlert__Storage__ConnectionString"] = _database,
        ["BorderAlert__Fetch__AllowPrivateNetworks"] = "true",
        ["BorderAlert__Pipeline__FetchArticles"] = "false",
        ["BorderAlert__Polling__CheckInterval"] = "00:00:01",
        ["BorderAlert__Web__Urls"] = "http://127.0.0.1:0",
        ["BorderAlert__Telegram__Token"] = FakeTelegramServer.Token,
        ["BorderAlert__Telegram__ApiBaseUrl"] = _telegram.ApiBaseUrl,
        ["BorderAlert__Telegram__ChatIds__0"] = TelegramGroup,
        ["BorderAlert__Telegram__PollingTimeout"] = "00:00:02",
        ["BorderAlert__Discord__Token"] = FakeDiscordServer.Token,
        ["BorderAlert__Discord__ApiBaseUrl"] = _discord.ApiBaseUrl,
        ["BorderAlert__Discord__ChannelIds__0"] = DiscordTestSupport.ChannelId,
    }, "run");

    private async Task<long> OwnerPidOfHeldSendAsync()
    {
        await using var connection = new NpgsqlConnection(_database);
        await connection.OpenAsync();
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT lease_owner FROM deliveries WHERE status = 'pending' AND destination = 'telegram:" + TelegramGroup + "' AND lease_owner IS NOT NULL ORDER BY id LIMIT 1;";
        var owner = (string)(await cmd.ExecuteScalarAsync())!;
        return long.Parse(owner.Split(':')[1], System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task Two_instances_share_the_work_and_the_survivor_of_a_kill_finishes_it()
    {
        var accepted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var never = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        int sends = 0;
        _telegram.AfterSendAccepted = m =>
        {
            if (m.ChatId != TelegramGroup || Interlocked.Increment(ref sends) != 2) return Task.CompletedTask;
            accepted.TrySetResult();
            return never.Task;
        };
        using var a = Run();
        using var b = Run();
        _telegram.AddMessage(42, "private", 42, "/help");
        await _telegram.WaitUntilAsync(s => s.SentMessages.Any(m => m.ChatId == "42"), TimeSpan.FromSeconds(90));

        await accepted.Task.WaitAsync(TimeSpan.FromSeconds(90));
        long pid = await OwnerPidOfHeldSendAsync();
        var (victim, survivor) = pid == a.Id ? (a, b) : (b, a);
        Assert.Equal(pid, victim.Id);
        victim.Signal(AppProcess.SigKill);
        await victim.WaitForExitAsync(TimeSpan.FromSeconds(30));
        var killedAt = DateTime.UtcNow;
        _telegram.AfterSendAccepted = null;
        never.TrySetResult();
        _telegram.AddMessage(43, "private", 43, "/help");

        // The survivor takes over within 60 s: nothing pending, the second command answered.
        using var store = new PostgresStorage(_database);
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (await store.Outbox.CountPendingDeliveriesAsync(default) > 0 || !_telegram.SentMessages.Any(m => m.ChatId == "43"))
        {
            Assert.True(DateTime.UtcNow < deadline, "the survivor did not finish the work");
            await Task.Delay(100);
        }
        Assert.True(DateTime.UtcNow - killedAt < TimeSpan.FromSeconds(60), $"took {DateTime.UtcNow - killedAt} after the kill");
        Assert.False(survivor.HasExited);

        var alerts = await store.Alerts.GetRecentAlertsAsync(DateTimeOffset.UtcNow.AddDays(-30), 100, default);
        var vorukh = alerts.Where(x => x.Places.Any(p => p.Id == "vorukh") || (x.Headline + x.Summary).Contains("Vorukh", StringComparison.Ordinal)).ToList();
        Assert.Single(vorukh.Select(x => x.StoryId).Distinct()); // one event told by two feeds at once: one story
        int duplicates = 0;
        foreach (var alert in alerts)
        {
            int telegram = _telegram.SentMessages.Count(m => m.ChatId == TelegramGroup && m.Text!.Contains(alert.Headline, StringComparison.Ordinal));
            Assert.InRange(telegram, 1, 2);
            duplicates += telegram - 1;
            Assert.Single(_discord.Posted, p => p.Message["embeds"]![0]!["title"]!.GetValue<string>().Contains(alert.Headline, StringComparison.Ordinal));
        }
        Assert.InRange(duplicates, 0, 1); // at most the message in flight at the kill
        Assert.Single(_telegram.SentMessages, m => m.ChatId == "42");
        Assert.Single(_telegram.SentMessages, m => m.ChatId == "43");
        Assert.Equal(0, _telegram.GetUpdatesConflicts); // one poller at a time
    }
}
