using BorderAlertBot.Core.Items;
using BorderAlertBot.Core.Pipeline;
using BorderAlertBot.Core.Retention;
using BorderAlertBot.Storage.Sqlite;
using BorderAlertBot.Tests.Fakes;
using Microsoft.Data.Sqlite;
using Xunit;

namespace BorderAlertBot.Tests.Storage;

/// <summary>SQLite gives pruned space back: incremental auto-vacuum on new and upgraded files, and the file shrinks.</summary>
public sealed class SqliteCompactionTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2025, 3, 13, 12, 0, 0, TimeSpan.Zero);
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "ba-compact-" + Guid.NewGuid().ToString("N"));

    public SqliteCompactionTests() => Directory.CreateDirectory(_dir);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        TempFolder.Delete(_dir);
    }

    private string PathOf(string name) => Path.Combine(_dir, name);

    private static long Pragma(string file, string pragma)
    {
        using var connection = new SqliteConnection($"Data Source={file};Pooling=false");
        connection.Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = $"PRAGMA {pragma};";
        return Convert.ToInt64(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task A_new_store_is_created_in_incremental_auto_vacuum()
    {
        using var store = new SqliteStorage($"Data Source={PathOf("new.db")}");
        await store.InitializeAsync(default);
        Assert.Equal(2, Pragma(PathOf("new.db"), "auto_vacuum")); // 2 = INCREMENTAL
    }

    [Fact]
    public async Task A_store_made_by_the_previous_schema_is_switched_to_it_and_keeps_its_rows()
    {
        string file = PathOf("old.db");
        // The file as the previous release left it: migrations 1–5, no auto-vacuum, a seen item.
        using (var connection = new SqliteConnection($"Data Source={file};Pooling=false"))
        {
            connection.Open();
            using var cmd = connection.CreateCommand();
            cmd.CommandText = "PRAGMA journal_mode = WAL;" + string.Join("\n", SqliteSchema.Migrations.Take(5)) + """
                PRAGMA user_version = 5;
                INSERT INTO seen_items(feed_id, item_key, link_key, title_key, seen_utc) VALUES ('f', 'g:old', '', '', 1);
                """;
            cmd.ExecuteNonQuery();
        }
        Assert.Equal(0, Pragma(file, "auto_vacuum"));

        using var store = new SqliteStorage($"Data Source={file}");
        await store.InitializeAsync(default);
        Assert.Equal(2, Pragma(file, "auto_vacuum"));
        Assert.Equal(SqliteSchema.Migrations.Length, Pragma(file, "user_version"));
        var novelty = await store.Items.FilterNewAsync("f", [new NewsItem { FeedId = "f", Key = "g:old", Title = "An item seen before the upgrade" }],
            TimeSpan.FromDays(3), TimeSpan.FromDays(15), Now, default);
        Assert.Empty(novelty.Fresh); // still seen
    }

    [Fact]
    public async Task The_file_shrinks_after_pruning()
    {
        string file = PathOf("shrink.db");
        using var store = new SqliteStorage($"Data Source={file}");
        await store.InitializeAsync(default);
        string padding = new('x', 300);
        for (int batch = 0; batch < 20; batch++)
        {
            var items = Enumerable.Range(0, 1000).Select(i => new ProcessedItem(
                new NewsItem { FeedId = "f", Key = $"g:{batch}-{i}-{padding}", Title = $"Headline {batch} {i} {padding}", Link = $"https://n.example/{batch}/{i}/{padding}" }, null, null, [])).ToList();
            await store.Items.CommitAsync(new ItemBatch("f", Now, items), default);
        }
        await store.Retention.PruneAsync(StorePruner.CutoffsAt(Now, new RetentionOptions()), default); // nothing due: a checkpoint
        long full = new FileInfo(file).Length;
        Assert.True(full > 10_000_000, $"the store holds {full} bytes");

        var counts = await store.Retention.PruneAsync(StorePruner.CutoffsAt(Now.AddDays(31), new RetentionOptions()), default);
        Assert.Equal(20_000, counts.Items);
        long after = new FileInfo(file).Length;
        Assert.True(after < full / 10, $"{full} bytes before pruning, {after} after");
    }
}
