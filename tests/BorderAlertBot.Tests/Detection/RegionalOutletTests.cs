using System.Text.Json;
using System.Xml.Linq;
using BorderAlertBot.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace BorderAlertBot.Tests.Detection;

/// <summary>
/// A regional outlet (its feed marked with a region in feeds.json) writes "on the border" for its own border:
/// the same item, through the real CLI and pipeline, alerts from a feed marked "batken" or "sughd" and not
/// from an unmarked national feed. The region is kept with the feed, listed and exported.
/// </summary>
public class RegionalOutletTests : IAsyncLifetime
{
    private FeedServer _server = null!;
    private readonly CliRunner _cli = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 6, 2, 9, 0, 0, TimeSpan.Zero));
    private RssBuilder.Item? _item;

    public async Task InitializeAsync()
    {
        _server = await FeedServer.StartAsync();
        // The same report, under its own guid and link, in both feeds.
        _server.MapFeed("/regional.xml", () => RssBuilder.Build("Regional", _item is { } i ? [i with { Guid = "r-" + i.Guid, Link = Link("regional", i.Guid) }] : []));
        _server.MapFeed("/national.xml", () => RssBuilder.Build("National", _item is { } i ? [i with { Guid = "n-" + i.Guid, Link = Link("national", i.Guid) }] : []));
        _cli.ConfigureServices = s => s.AddSingleton<TimeProvider>(_time);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _cli.Dispose();
    }

    private string Link(string feed, string guid) => _server.Url($"/{feed}/{guid}").AbsoluteUri;

    private void FeedsFile(string? region)
    {
        string path = Path.Combine(_cli.DataDir, "feeds.json");
        var regional = new Dictionary<string, object> { ["id"] = "regional", ["name"] = "Regional outlet", ["url"] = _server.Url("/regional.xml").AbsoluteUri, ["language"] = "ru" };
        if (region is not null) regional["region"] = region;
        File.WriteAllText(path, JsonSerializer.Serialize(new
        {
            feeds = new object[] { regional, new { id = "national", name = "National outlet", url = _server.Url("/national.xml").AbsoluteUri, language = "ru" } },
        }));
        _cli.Settings["BorderAlert:FeedsFile"] = path;
    }

    [Theory]
    [InlineData("batken", "ru", "На границе жители двух сёл перекрыли дорогу", "Движение восстановили через два часа после встречи глав айыл окмоту и джамоата.")]
    [InlineData("batken", "ky", "Чек арада эки айылдын тургундары жолду бууп салышты", "Айыл өкмөтүнүн башчысы жол эки сааттан кийин ачылганын билдирди.")]
    [InlineData("sughd", "tj", "Дар сарҳад сокинони ду деҳа роҳро бастанд", "Раиси ҷамоат гуфт, ки роҳ пас аз ду соат боз шуд.")]
    public async Task An_unqualified_on_the_border_alerts_from_the_regional_feed_and_not_from_a_national_one(string region, string language, string title, string summary)
    {
        FeedsFile(region);
        _item = new RssBuilder.Item("1", title, summary, null, _time.GetUtcNow().AddMinutes(-30));

        var run = await _cli.RunAsync("run", "--once");
        Assert.True(run.ExitCode == 0, $"{language}: {run.Error}");
        var alert = Assert.Single(run.JsonLines);
        var source = Assert.Single(alert.GetProperty("sources").EnumerateArray());
        Assert.Equal(Link("regional", "1"), source.GetProperty("url").GetString());
        Assert.Equal("incident", alert.GetProperty("category").GetString());
    }

    [Fact]
    public async Task Without_the_region_neither_feed_alerts_and_with_it_the_region_is_stored_listed_and_exported()
    {
        _item = new RssBuilder.Item("1", "На границе жители двух сёл перекрыли дорогу", "Движение восстановили через два часа.", null, _time.GetUtcNow().AddMinutes(-30));
        FeedsFile(region: null);
        var unmarked = await _cli.RunAsync("run", "--once");
        Assert.True(unmarked.ExitCode == 0, unmarked.Error);
        Assert.Empty(unmarked.JsonLines);

        // Marking the feed (the file is re-read by the next run) makes its next report count.
        FeedsFile("batken");
        _item = _item with { Guid = "2", Title = "На границе снова перекрыли дорогу к пастбищу" };
        var marked = await _cli.RunAsync("run", "--once");
        Assert.True(marked.ExitCode == 0, marked.Error);
        var alert = Assert.Single(marked.JsonLines);
        Assert.Equal(Link("regional", "2"), alert.GetProperty("sources")[0].GetProperty("url").GetString());

        var feeds = (await _cli.RunAsync("feeds", "list")).JsonLines.ToDictionary(f => f.GetProperty("id").GetString()!);
        Assert.Equal("batken", feeds["regional"].GetProperty("region").GetString());
        Assert.Null(Region(feeds["national"]));

        var export = XDocument.Parse((await _cli.RunAsync("feeds", "export")).Out);
        var outlines = export.Descendants("outline").ToDictionary(o => o.Attribute("xmlUrl")!.Value);
        Assert.Equal("batken", outlines[_server.Url("/regional.xml").AbsoluteUri].Attribute("region")?.Value);
        Assert.Null(outlines[_server.Url("/national.xml").AbsoluteUri].Attribute("region"));

        // An import of the export into a fresh store keeps the region; a chat-added source has none.
        using var other = new CliRunner();
        string file = Path.Combine(other.DataDir, "export.opml");
        export.Save(file);
        var import = await other.RunAsync("feeds", "import", file);
        Assert.True(import.ExitCode == 0, import.Error);
        var imported = (await other.RunAsync("feeds", "list")).JsonLines.ToDictionary(f => f.GetProperty("url").GetString()!);
        Assert.Equal("batken", imported[_server.Url("/regional.xml").AbsoluteUri].GetProperty("region").GetString());
        Assert.Null(Region(imported[_server.Url("/national.xml").AbsoluteUri]));
    }

    private static string? Region(JsonElement feed) => feed.TryGetProperty("region", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;

    [Fact]
    public async Task A_region_the_gazetteer_does_not_know_stops_the_run_with_a_clear_message()
    {
        FeedsFile("batkn");
        var run = await _cli.RunAsync("run", "--once");
        Assert.Equal(3, run.ExitCode);
        Assert.Contains("feed 'regional': region 'batkn' is not a region the gazetteer knows", run.Error, StringComparison.Ordinal);
        Assert.Contains("sughd", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", run.Error, StringComparison.Ordinal);
    }
}
