using BorderAlertBot.Core.Commands;
using BorderAlertBot.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace BorderAlertBot.Tests.Commands;

/// <summary>/trend and /map through the real dispatcher, handlers and renderers over a seeded SQLite store.</summary>
public class PictureCommandTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2025, 3, 14, 12, 0, 0, TimeSpan.Zero);
    private readonly TestStore _db = new();
    private readonly ICommandService _service;

    public PictureCommandTests()
    {
        _service = RealCommands.Build(_db.Store, new FakeTimeProvider(Now));
    }

    public void Dispose() => _db.Dispose();

    private Task<CommandReply> Run(string text)
    {
        var parsed = CommandText.Parse(text)!.Value;
        return _service.ExecuteAsync(new ChatCommand(parsed.Name, parsed.Arguments, new CommandCaller("telegram", "42", "-100777", false, false)), default);
    }

    private async Task SeedAsync()
    {
        await _db.AddAsync(TestStore.Alert("a-1", "Exchange of fire near Vorukh", 4, at: Now.AddDays(-2), places: ("vorukh", "Vorukh")));
        await _db.AddAsync(TestStore.Alert("a-2", "Checkpoint Kyzyl-Bel reopens", 2, "crossing", Now.AddDays(-10), places: ("kyzyl-bel", "Kyzyl-Bel")));
        await _db.AddAsync(TestStore.Alert("a-3", "Mortar shelling at Kok-Tash", 5, at: Now.AddHours(-1), places: ("kok-tash", "Kok-Tash")));
        await _db.AddAsync(TestStore.Alert("a-4", "Clash over water near Vorukh", 3, "water_land", Now.AddDays(-40), places: ("vorukh", "Vorukh")));
    }

    [Fact]
    public async Task Trend_replies_with_a_png_chart_and_a_caption_that_counts_the_window()
    {
        await SeedAsync();
        var reply = await Run("/trend");
        Assert.False(reply.IsError);
        var picture = Assert.Single(reply.Attachments);
        Assert.Equal("trend.png", picture.FileName);
        Assert.Equal("image/png", picture.MediaType);
        PngCheck.AssertPicture(picture.Content, 900, 360);
        string caption = Assert.Single(reply.Blocks);
        Assert.Contains("last 30 days", caption);
        Assert.Contains("Incidents: 3 ", caption); // the 40-day-old one is outside the default window
        Assert.Contains("Most severe: severity 5, Mortar shelling at Kok-Tash", caption);
        Assert.Contains("Vorukh (1)", caption);
        Assert.Contains("3 in all", picture.AltText);
    }

    [Fact]
    public async Task Map_takes_a_window_and_replies_with_the_border_map()
    {
        await SeedAsync();
        var reply = await Run("/map 60");
        var picture = Assert.Single(reply.Attachments);
        Assert.Equal("map.png", picture.FileName);
        PngCheck.AssertPicture(picture.Content, 900, 480);
        Assert.Contains("Incidents: 4 ", reply.Blocks[0]);
        Assert.Contains("Vorukh (2)", reply.Blocks[0]);
        Assert.Contains("Vorukh (2)", picture.AltText);
    }

    [Fact]
    public async Task A_window_without_incidents_is_said_in_words_not_drawn_empty()
    {
        await _db.AddAsync(TestStore.Alert("old", "Exchange of fire near Vorukh", 4, at: Now.AddDays(-100), places: ("vorukh", "Vorukh")));
        foreach (string text in new[] { "/trend 7", "/map" })
        {
            var reply = await Run(text);
            Assert.False(reply.IsError);
            Assert.Empty(reply.Attachments);
            Assert.Contains("nothing to draw", reply.Blocks[0]);
        }
    }

    [Theory]
    [InlineData("/trend week", "is not a number of days")]
    [InlineData("/trend 0", "1 to 365 days")]
    [InlineData("/map 366", "1 to 365 days")]
    [InlineData("/map -3", "is not a number of days")]
    [InlineData("/trend 7 14", "one number of days")]
    public async Task Bad_days_get_a_clear_error(string text, string expected)
    {
        var reply = await Run(text);
        Assert.True(reply.IsError);
        Assert.Empty(reply.Attachments);
        Assert.Contains(expected, reply.Blocks[0]);
    }

    [Fact]
    public void Both_commands_are_in_the_catalog_with_their_days_option()
    {
        foreach (string name in new[] { "trend", "map" })
        {
            var info = Assert.Single(_service.Commands, c => c.Name == name);
            var days = Assert.Single(info.Options);
            Assert.Equal(("days", CommandOptionType.Integer, false, 1, 365), (days.Name, days.Type, days.Required, days.Min!.Value, days.Max!.Value));
            Assert.False(info.AdminOnly);
        }
    }

    [Fact]
    public async Task The_command_verb_writes_the_png_and_prints_its_path()
    {
        using var cli = new CliRunner();
        var now = DateTimeOffset.UtcNow;
        cli.ConfigureServices = s => s.AddSingleton<TimeProvider>(new FakeTimeProvider(now));
        using (var store = new BorderAlertBot.Storage.Sqlite.SqliteStorage($"Data Source={Path.Combine(cli.DataDir, "test.db")}"))
        {
            await store.InitializeAsync(default);
            var alert = TestStore.Alert("cli-1", "Exchange of fire near Vorukh", 4, at: now.AddDays(-1), places: ("vorukh", "Vorukh"));
            var item = new BorderAlertBot.Core.Items.NewsItem { FeedId = "kg24", Key = "g:cli-1", Title = alert.Headline, Link = alert.PrimaryUrl };
            await store.Items.CommitAsync(new BorderAlertBot.Core.Pipeline.ItemBatch("kg24", now, [new BorderAlertBot.Core.Pipeline.ProcessedItem(item, null, alert, [])]), default);
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        string dir = Path.Combine(cli.DataDir, "out");

        var result = await cli.RunAsync("command", "--out", dir, "/trend 30");
        Assert.Equal(0, result.ExitCode);
        string path = Path.Combine(dir, "trend.png");
        Assert.Contains(path, result.Out.Split('\n', StringSplitOptions.TrimEntries));
        PngCheck.AssertPicture(await File.ReadAllBytesAsync(path), 900, 360);

        var bad = await cli.RunAsync("command", "/map soon");
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("is not a number of days", bad.Out);
    }
}
