using System.Xml.Linq;
using BorderAlertBot.Tests.Fakes;
using Microsoft.AspNetCore.Http;
using Xunit;

namespace BorderAlertBot.Tests.Feeds;

/// <summary>`feeds import` of a real-looking reader export and `feeds export`, through the real CLI against loopback feeds.</summary>
public class OpmlTests : IAsyncLifetime
{
    private FeedServer _server = null!;
    private readonly CliRunner _cli = new();

    private static readonly string[] GoodFeeds = ["/24kg/rss.xml", "/azattyk/api/zrqiteuuir", "/asiaplus/rss/all.xml", "/ozodi/api/z-ryqkvuq", "/eurasianet/rss"];

    public async Task InitializeAsync()
    {
        _server = await FeedServer.StartAsync();
        foreach (string path in GoodFeeds)
            _server.MapFeed(path, () => RssBuilder.Build("Outlet " + path.Split('/')[1], [new(path + "-1", "Kyrgyz and Tajik border guards exchange fire near Vorukh", "Two were wounded.")]));
        _server.Map("/fergana/", async c =>
        {
            c.Response.ContentType = "text/html; charset=utf-8";
            await c.Response.WriteAsync("<!doctype html><html><head><title>Fergana</title></head><body>News</body></html>");
        });
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _cli.Dispose();
    }

    private string Fixture()
    {
        string text = File.ReadAllText(Path.Combine(TestPaths.TestData, "opml", "inoreader-export.opml"))
            .Replace("{{server}}", _server.BaseUrl.AbsoluteUri.TrimEnd('/'), StringComparison.Ordinal);
        string path = Path.Combine(_cli.DataDir, "inoreader-export.opml");
        File.WriteAllText(path, text);
        return path;
    }

    private string Url(string path) => _server.Url(path).AbsoluteUri;

    [Fact]
    public async Task Import_of_a_nested_reader_export_adds_each_feed_once_and_says_why_others_were_refused()
    {
        string file = Fixture();
        var import = await _cli.RunAsync("feeds", "import", file);
        Assert.Equal(0, import.ExitCode);
        var lines = import.JsonLines.ToDictionary(l => l.GetProperty("url").GetString()! + "|" + l.GetProperty("outcome").GetString());
        Assert.Equal(9, import.JsonLines.Count);
        foreach (string path in GoodFeeds) Assert.Contains(Url(path) + "|added", lines.Keys);
        Assert.Contains(Url("/24kg/rss.xml") + "|duplicate", lines.Keys); // the same feed in a second folder
        Assert.Contains("web page", lines[Url("/fergana/") + "|refused"].GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Contains("404", lines[Url("/gone.xml") + "|refused"].GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Contains("ftp://mirror.example/feed.xml|refused", lines.Keys);

        var feeds = (await _cli.RunAsync("feeds", "list")).JsonLines;
        Assert.Equal(GoodFeeds.Select(Url).Order(), feeds.Select(f => f.GetProperty("url").GetString()!).Order());
        Assert.Contains(feeds, f => f.GetProperty("name").GetString() == "Азаттык Үналгысы");

        // A second import of the same file adds nothing.
        var again = await _cli.RunAsync("feeds", "import", file);
        Assert.Equal(0, again.ExitCode);
        Assert.DoesNotContain(again.JsonLines, l => l.GetProperty("outcome").GetString() == "added");
        Assert.Equal(5, (await _cli.RunAsync("feeds", "list")).JsonLines.Count);
    }

    [Fact]
    public async Task Export_writes_standard_outlines_and_an_import_of_it_round_trips()
    {
        await _cli.RunAsync("feeds", "import", Fixture());
        await _cli.RunAsync("command", $"/source add {Url("/eurasianet/rss")}"); // already there: nothing changes
        var export = await _cli.RunAsync("feeds", "export");
        Assert.Equal(0, export.ExitCode);
        var doc = XDocument.Parse(export.Out);
        Assert.Equal("2.0", doc.Root!.Attribute("version")!.Value);
        var outlines = doc.Descendants("outline").ToList();
        Assert.Equal(5, outlines.Count);
        Assert.All(outlines, o =>
        {
            Assert.Equal("rss", o.Attribute("type")!.Value);
            Assert.False(string.IsNullOrEmpty(o.Attribute("text")!.Value));
            Assert.Equal(o.Attribute("text")!.Value, o.Attribute("title")!.Value);
            Assert.StartsWith("http://127.0.0.1:", o.Attribute("htmlUrl")!.Value, StringComparison.Ordinal);
        });

        // Into a fresh store: the same feeds, names and languages.
        using var other = new CliRunner();
        string exported = Path.Combine(other.DataDir, "export.opml");
        File.WriteAllText(exported, export.Out.Replace("<outline text=\"24.kg\"", "<outline language=\"ru\" text=\"24.kg\"", StringComparison.Ordinal));
        var reimport = await other.RunAsync("feeds", "import", exported);
        Assert.Equal(5, reimport.JsonLines.Count(l => l.GetProperty("outcome").GetString() == "added"));
        var before = (await _cli.RunAsync("feeds", "list")).JsonLines.Select(f => (f.GetProperty("url").GetString(), f.GetProperty("name").GetString())).Order();
        var after = (await other.RunAsync("feeds", "list")).JsonLines.Select(f => (f.GetProperty("url").GetString(), f.GetProperty("name").GetString())).Order();
        Assert.Equal(before, after);
        var roundTrip = XDocument.Parse((await other.RunAsync("feeds", "export")).Out);
        Assert.Equal("ru", roundTrip.Descendants("outline").Single(o => o.Attribute("text")!.Value == "24.kg").Attribute("language")!.Value);
    }
}
