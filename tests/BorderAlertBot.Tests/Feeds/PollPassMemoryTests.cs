using BorderAlertBot.Tests.Fakes;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Xunit;

namespace BorderAlertBot.Tests.Feeds;

/// <summary>
/// A poll pass keeps no feed's items waiting for its end unless they are border news: a feed without border
/// news is in the store (seen items, health) while other feeds of the same pass are still being fetched.
/// Holding every feed's parse and body until the pass ended kept ~120 KB per feed alive (gigabytes at
/// 100,000 feeds).
/// </summary>
public sealed class PollPassMemoryTests : IAsyncLifetime
{
    private FeedServer _server = null!;
    private readonly CliRunner _cli = new();

    public async Task InitializeAsync() => _server = await FeedServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _cli.Dispose();
    }

    [Fact]
    public async Task A_feed_without_border_news_is_committed_before_the_pass_ends_and_border_news_still_alerts()
    {
        var published = DateTimeOffset.UtcNow.AddHours(-1);
        string quiet = RssBuilder.Build("quiet", Enumerable.Range(1, 5).Select(i => new RssBuilder.Item(
            $"q{i}", $"City council approves budget number {i}", "The council met on Tuesday and approved the spending plan for parks and roads.", null, published)));
        string border = RssBuilder.Build("border", [new RssBuilder.Item(
            "b1", "Exchange of fire near Vorukh on the Kyrgyz-Tajik border", "Kyrgyz and Tajik border guards exchanged fire; two were wounded, the border service said.", null, published)]);
        _server.MapFeed("/quiet.xml", () => quiet);
        string db = Path.Combine(_cli.DataDir, "test.db");
        long quietSeenWhileHeld = -1;
        // The border feed answers only once the quiet feed's items are in the store (or after 20 s, to fail clearly).
        _server.Map("/held.xml", async context =>
        {
            var until = DateTime.UtcNow.AddSeconds(20);
            while ((quietSeenWhileHeld = await SeenItemsAsync(db, "quiet")) < 5 && DateTime.UtcNow < until)
                await Task.Delay(50, context.RequestAborted);
            context.Response.ContentType = "application/rss+xml; charset=utf-8";
            await context.Response.WriteAsync(border);
        });
        _cli.Settings["BorderAlert:Fetch:Timeout"] = "00:00:40";
        _cli.FeedsFile(("quiet", _server.Url("/quiet.xml")), ("held", _server.Url("/held.xml")));

        var run = await _cli.RunAsync("run", "--once");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(5, quietSeenWhileHeld);
        var alert = Assert.Single(run.JsonLines);
        Assert.Contains("Vorukh", alert.GetProperty("headline").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, await SeenItemsAsync(db, "held"));
    }

    private static async Task<long> SeenItemsAsync(string db, string feedId)
    {
        if (!File.Exists(db)) return 0;
        await using var connection = new SqliteConnection($"Data Source={db};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT COUNT(*) FROM seen_items WHERE feed_id = $feed";
        cmd.Parameters.AddWithValue("$feed", feedId);
        try { return (long)(await cmd.ExecuteScalarAsync())!; }
        catch (SqliteException) { return 0; } // the schema is not there yet
    }
}
