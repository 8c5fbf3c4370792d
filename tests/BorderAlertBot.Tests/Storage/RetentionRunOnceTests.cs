using BorderAlertBot.Core.Retention;
using BorderAlertBot.Storage.Sqlite;
using BorderAlertBot.Tests.Fakes;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace BorderAlertBot.Tests.Storage;

/// <summary>
/// Retention through the real `run --once` on a real SQLite file, over weeks of a fake clock, pruned as the
/// scheduled job prunes: what the feed still lists stays, and what it re-lists after it was forgotten does
/// not alert again.
/// </summary>
public sealed class RetentionRunOnceTests : IAsyncLifetime
{
    private FeedServer _server = null!;
    private readonly CliRunner _cli = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 3, 13, 12, 0, 0, TimeSpan.Zero));
    private readonly List<RssBuilder.Item> _items = [];

    public async Task InitializeAsync()
    {
        _server = await FeedServer.StartAsync();
        _server.MapFeed("/feed.xml", () => RssBuilder.Build("24.kg", _items));
        _cli.FeedsFile(("kg24", _server.Url("/feed.xml")));
        _cli.ConfigureServices = s => s.AddSingleton<TimeProvider>(_time);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _cli.Dispose();
    }

    private DateTimeOffset Now => _time.GetUtcNow();
    private string DbFile => Path.Combine(_cli.DataDir, "test.db");

    private static RssBuilder.Item Clash(string guid, DateTimeOffset at, string village) =>
        new(guid, $"Kyrgyz and Tajik border guards exchange fire near {village}", $"Two Kyrgyz border guards were wounded near {village}, the Border Service said.", $"https://24.kg/news/{guid}", at);

    /// <summary>What the scheduled prune job does, on the same file, at the fake clock's time.</summary>
    private async Task PruneAsync()
    {
        using var store = new SqliteStorage($"Data Source={DbFile}");
        var pruner = new StorePruner(store.Retention, store.Settings, Options.Create(new RetentionOptions()), _time, NullLogger<StorePruner>.Instance);
        await pruner.PruneAsync(default);
    }

    private List<string> SeenKeys()
    {
        using var connection = new SqliteConnection($"Data Source={DbFile};Pooling=false");
        connection.Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT item_key FROM seen_items WHERE feed_id = 'kg24' ORDER BY item_key;";
        using var reader = cmd.ExecuteReader();
        var keys = new List<string>();
        while (reader.Read()) keys.Add(reader.GetString(0));
        return keys;
    }

    [Fact]
    public async Task A_still_listed_item_is_kept_and_a_forgotten_item_relisted_later_does_not_alert_again()
    {
        var evergreen = new RssBuilder.Item("evergreen", "About the Batken apricot festival", "Growers bring apricots every year.", "https://24.kg/news/evergreen", Now.AddHours(-2));
        var clash = Clash("clash", Now.AddHours(-1), "Vorukh");
        _items.AddRange([evergreen, clash]);
        Assert.Single((await _cli.RunAsync("run", "--once")).JsonLines);

        _items.Remove(clash); // the clash leaves the feed's window; the festival page stays listed for weeks
        foreach (string town in (string[])["Osh", "Naryn", "Talas", "Karakol", "Tokmok", "Balykchy", "Kant", "Cholpon-Ata", "Isfana"])
        {
            _time.Advance(TimeSpan.FromDays(5));
            _items.Add(new($"daily-{town}", $"Market prices in {town} today", "Onions and potatoes cost less.", $"https://24.kg/news/{town}", Now.AddHours(-1)));
            Assert.Empty((await _cli.RunAsync("run", "--once")).JsonLines);
            await PruneAsync();
        }
        var kept = SeenKeys();
        Assert.Contains("g:evergreen", kept);      // 45 days old and still listed: kept
        Assert.Contains("g:daily-Osh", kept);      // 40 days old and still listed: kept
        Assert.DoesNotContain("g:clash", kept);    // left the feed and older than the horizon: forgotten

        // The feed lists the old clash again (as feeds re-list archives), beside a genuinely new one.
        _items.Add(clash);
        _items.Add(Clash("new-clash", Now.AddMinutes(-5), "Kok-Tash"));
        var run = await _cli.RunAsync("run", "--once");
        var alert = Assert.Single(run.JsonLines);
        Assert.Contains("Kok-Tash", alert.GetProperty("headline").GetString());
        Assert.Contains("g:clash", SeenKeys()); // the old one is recorded again, silently
    }
}
