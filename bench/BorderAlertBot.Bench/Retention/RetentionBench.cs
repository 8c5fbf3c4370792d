using System.Diagnostics;
using System.Globalization;
using BorderAlertBot.Core.Alerts;
using BorderAlertBot.Core.Delivery;
using BorderAlertBot.Core.Feeds;
using BorderAlertBot.Core.Pipeline;
using BorderAlertBot.Core.Retention;
using BorderAlertBot.Core.Stories;
using BorderAlertBot.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace BorderAlertBot.Bench;

/// <summary>
/// `retention [N] [DAYS]`: DAYS (default 90) of an N-outlet source list (default 50,000) against a real SQLite
/// store, a fake clock advanced a day at a time. Each day every outlet publishes its items and its feed is
/// polled through the store's own novelty and commit calls (as the pipeline makes them: new items, the
/// renewed listing); 1 item in 500 becomes an alert with a story and one delivery, sent the same day; then
/// the store is pruned by the product's pruner with the default retention (the bot prunes hourly; here
/// daily). Prints the store's size every 10 days and at the end: the seen items must level off once the
/// 30-day horizon has passed, not grow with the days.
/// </summary>
public static class RetentionBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        int n = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 50_000;
        int days = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 90;
        var dir = Directory.CreateTempSubdirectory("borderalert-retention-");
        string file = Path.Combine(dir.FullName, "bench.db");
        try
        {
            var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));
            var options = new RetentionOptions();
            using var store = new SqliteStorage($"Data Source={file}");
            await store.InitializeAsync(default);
            var outlets = new SimulatedOutlets(n, seed: 16);
            await store.Feeds.SyncFeedsAsync(FeedOrigins.File("bench"), Enumerable.Range(0, n)
                .Select(i => new FeedDefinition(SimulatedOutlets.FeedId(i), SimulatedOutlets.FeedId(i), new Uri($"https://{SimulatedOutlets.FeedId(i)}.example/rss"), "en", TimeSpan.FromMinutes(10))).ToList(),
                time.GetUtcNow(), default);
            var pruner = new StorePruner(store.Retention, store.Settings, Options.Create(options), time, NullLogger<StorePruner>.Instance);

            Console.WriteLine($"retention: {n:N0} outlets, {days} days, SQLite {SqliteVersion(file)}, item horizon {options.ItemHorizon.TotalDays:0} d, alerts {options.Alerts.TotalDays:0} d, finished deliveries {options.Deliveries.TotalDays:0} d, runtime {Environment.Version}");
            var rows = new List<string[]>();
            var wall = Stopwatch.StartNew();
            var cpuStart = CpuClock.Process();
            long published = 0, alerts = 0;
            for (int day = 1; day <= days; day++)
            {
                time.Advance(TimeSpan.FromDays(1));
                var now = time.GetUtcNow();
                for (int i = 0; i < n; i++)
                {
                    published += outlets.Publish(i, now);
                    string feed = SimulatedOutlets.FeedId(i);
                    var novelty = await store.Items.FilterNewAsync(feed, outlets.Listing(i), TimeSpan.FromDays(3), options.ListedRefresh, now, default);
                    if (novelty.Fresh.Count == 0 && novelty.Window.RelistedKeys.Count == 0 && novelty.Window.RelistedLinks.Count == 0) continue;
                    var batch = novelty.Fresh.Select(item => Hash(item.Key) % 500 == 0 ? WithAlert(item, now) : new ProcessedItem(item, null, null, [])).ToList();
                    alerts += batch.Count(p => p.Alert is not null);
                    await store.Items.CommitAsync(new ItemBatch(feed, now, batch, novelty.Window), default);
                }
                await SendAllAsync(store, now);
                var pruned = await pruner.PruneAsync(default);
                if (day % 10 == 0 || day == days || day == 1)
                    rows.Add([day.ToString(CultureInfo.InvariantCulture), Mb(FileBytes(file)), Count(file, "seen_items"), Count(file, "alerts"), Count(file, "stories"),
                        Count(file, "deliveries"), pruned.Items.ToString("N0", CultureInfo.InvariantCulture), published.ToString("N0", CultureInfo.InvariantCulture),
                        (CpuClock.Process() - cpuStart).TotalSeconds.ToString("0", CultureInfo.InvariantCulture), wall.Elapsed.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)]);
                if (day % 10 == 0) Console.Error.WriteLine($"  day {day}: {wall.Elapsed.TotalSeconds:0} s");
            }
            Table.Print(["day", "file MB (db+wal)", "seen_items", "alerts", "stories", "deliveries", "items pruned that day", "items published so far", "CPU s", "wall s"], rows);
            Console.WriteLine($"{alerts:N0} alerts over {days} days (kept a year: they grow until then); page size {Pragma(file, "page_size")} B, free pages {Pragma(file, "freelist_count")}, auto_vacuum {Pragma(file, "auto_vacuum")} (2 = incremental)");
            return 0;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            try { dir.Delete(recursive: true); } catch (IOException) { }
        }
    }

    private static ProcessedItem WithAlert(Core.Items.NewsItem item, DateTimeOffset now)
    {
        var source = new AlertSource(item.FeedId, item.Link, item.FeedId, item.PublishedUtc);
        string id = "a-" + item.Key;
        var alert = new Alert
        {
            Id = id, StoryId = "s-" + id, Headline = item.Title, Summary = "Two border guards were wounded in an exchange of fire near the village, the border service said.",
            Severity = 4, Category = "armed_clash", Places = [], Sources = [source], PublishedUtc = item.PublishedUtc, CreatedUtc = now,
        };
        var story = new StoryState
        {
            Id = alert.StoryId, FirstAlertId = id, FirstSeenUtc = now, LastReportUtc = now, Severity = 4, Categories = ["armed_clash"], PlaceIds = [],
            Signature = "", Sources = [source], Headline = item.Title,
        };
        return new ProcessedItem(item, story, alert, [new RoutedDelivery(Destination.Console)]);
    }

    /// <summary>Every delivery due is sent (so they finish and age out after the deliveries' retention).</summary>
    private static async Task SendAllAsync(SqliteStorage store, DateTimeOffset now)
    {
        while (true)
        {
            var claimed = await store.Outbox.ClaimDueDeliveriesAsync("bench", now, now.AddMinutes(5), 500, default);
            foreach (var d in claimed) await store.Outbox.CompleteDeliveryAsync(d, DeliveryResult.Sent("m"), now, null, default);
            if (claimed.Count < 500) return;
        }
    }

    private static uint Hash(string s)
    {
        uint h = 2166136261;
        foreach (char c in s) h = (h ^ c) * 16777619;
        return h;
    }

    private static long FileBytes(string file) =>
        new FileInfo(file).Length + (File.Exists(file + "-wal") ? new FileInfo(file + "-wal").Length : 0);

    private static string Mb(long bytes) => (bytes / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture);

    private static string Count(string file, string table) => Pragma(file, $"SELECT COUNT(*) FROM {table}", query: true).ToString("N0", CultureInfo.InvariantCulture);

    private static long Pragma(string file, string what, bool query = false)
    {
        using var connection = new SqliteConnection($"Data Source={file};Pooling=false");
        connection.Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = query ? what + ";" : $"PRAGMA {what};";
        return Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private static string SqliteVersion(string file)
    {
        using var connection = new SqliteConnection($"Data Source={file};Pooling=false");
        connection.Open();
        return connection.ServerVersion;
    }
}
