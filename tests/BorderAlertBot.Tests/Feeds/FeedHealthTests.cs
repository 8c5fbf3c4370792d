using System.Diagnostics;
using System.IO.Compression;
using BorderAlertBot.Core.Delivery;
using BorderAlertBot.Tests.Fakes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace BorderAlertBot.Tests.Feeds;

/// <summary>Polling many feeds of every kind of bad at once: the good ones arrive, each bad one is marked with its reason.</summary>
public class FeedHealthTests : IAsyncLifetime
{
    private FeedServer _server = null!;
    private readonly CliRunner _cli = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 3, 13, 12, 0, 0, TimeSpan.Zero));
    private readonly List<string> _adminNotices = [];

    public async Task InitializeAsync()
    {
        _server = await FeedServer.StartAsync();
        _cli.ConfigureServices = s =>
        {
            s.AddSingleton<TimeProvider>(_time);
            s.AddSingleton<IAdminNotifier>(new RecordingAdmin(_adminNotices));
        };
        _cli.Settings["BorderAlert:Fetch:Timeout"] = "00:00:02";
        _cli.Settings["BorderAlert:Fetch:MaxBodyBytes"] = "65536";
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _cli.Dispose();
    }

    private string Rss(string id) => RssBuilder.Build(id, [new(id + "-1", $"Exchange of fire near Vorukh reported by {id}", "Kyrgyz and Tajik border guards exchanged fire; two were wounded, the border service said.", _server.Url("/n/" + id).AbsoluteUri, _time.GetUtcNow().AddHours(-1))]);

    [Fact]
    public async Task Good_feeds_arrive_and_every_bad_one_is_recorded_with_its_reason()
    {
        _server.MapFeed("/rss.xml", () => Rss("rss"));
        _server.MapFeed("/atom.xml", () => $"""<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title><entry><id>atom-1</id><title>Mortar fire at Kok-Tash on the Kyrgyz–Tajik border</title><updated>{_time.GetUtcNow().AddHours(-1):O}</updated><summary>Tajik and Kyrgyz troops clashed.</summary></entry></feed>""", "application/atom+xml");
        _server.MapFeed("/json", () => $$"""{"version":"https://jsonfeed.org/version/1.1","title":"J","items":[{"id":"j1","title":"Ceasefire agreed after clash at Tort-Kocho on the Kyrgyz-Tajik border","date_published":"{{_time.GetUtcNow().AddHours(-1):O}}"}]}""", "application/feed+json");
        _server.Map("/moved", c => { c.Response.StatusCode = 308; c.Response.Headers.Location = "/rss.xml"; return Task.CompletedTask; });
        _server.Map("/loop", c => { c.Response.Redirect("/loop2"); return Task.CompletedTask; });
        _server.Map("/loop2", c => { c.Response.Redirect("/loop"); return Task.CompletedTask; });
        _server.Map("/slow", async c => { await c.Response.WriteAsync("<rss>"); await c.Response.Body.FlushAsync(); try { await Task.Delay(30_000, c.RequestAborted); } catch (OperationCanceledException) { } });
        _server.MapBytes("/huge", new byte[200_000], "application/rss+xml");
        var bomb = new MemoryStream();
        using (var gz = new GZipStream(bomb, CompressionLevel.SmallestSize, leaveOpen: true)) gz.Write(new byte[4_000_000]);
        _server.Map("/bomb", async c => { c.Response.Headers.ContentEncoding = "gzip"; await c.Response.Body.WriteAsync(bomb.ToArray()); });
        _server.Map("/malformed", async c => { c.Response.ContentType = "application/xml"; await c.Response.WriteAsync("<rss><channel><item><title>x</title></channel>"); });
        _server.Map("/500", c => { c.Response.StatusCode = 500; return Task.CompletedTask; });
        _cli.FeedsFile(("rss", _server.Url("/rss.xml")), ("atom", _server.Url("/atom.xml")), ("json", _server.Url("/json")),
            ("moved", _server.Url("/moved")), ("loop", _server.Url("/loop")), ("slow", _server.Url("/slow")), ("huge", _server.Url("/huge")),
            ("bomb", _server.Url("/bomb")), ("malformed", _server.Url("/malformed")), ("e500", _server.Url("/500")));

        var stopwatch = Stopwatch.StartNew();
        var run = await _cli.RunAsync("run", "--once");
        Assert.Equal(0, run.ExitCode);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(20), $"the slow feed held the cycle for {stopwatch.Elapsed}");
        var headlines = run.JsonLines.Select(a => a.GetProperty("headline").GetString()).ToList();
        Assert.Contains(headlines, h => h!.Contains("Kok-Tash", StringComparison.Ordinal));
        Assert.Contains(headlines, h => h!.Contains("Tort-Kocho", StringComparison.Ordinal));
        Assert.Contains(headlines, h => h!.Contains("reported by rss", StringComparison.Ordinal));

        var feeds = (await _cli.RunAsync("feeds", "list")).JsonLines.ToDictionary(f => f.GetProperty("id").GetString()!);
        string Error(string id) => feeds[id].GetProperty("lastError").GetString() ?? "";
        Assert.Contains("redirect loop", Error("loop"));
        Assert.Contains("timed out", Error("slow"));
        Assert.Contains("limit", Error("huge"));
        Assert.Contains("after decompression", Error("bomb"));
        Assert.Contains("not well-formed", Error("malformed"));
        Assert.Contains("HTTP 500", Error("e500"));
        foreach (var good in new[] { "rss", "atom", "json", "moved" }) Assert.Equal(0, feeds[good].GetProperty("consecutiveFailures").GetInt32());
        Assert.EndsWith("/rss.xml", feeds["moved"].GetProperty("url").GetString()); // 308: the stored URL follows
        Assert.True(feeds["e500"].GetProperty("backoffUntilUtc").GetDateTimeOffset() > _time.GetUtcNow());
    }

    [Fact]
    public async Task A_feed_failing_for_long_is_deactivated_the_admin_is_told_and_it_can_be_enabled_again()
    {
        bool broken = true;
        _server.Map("/flaky", async c =>
        {
            if (broken) { c.Response.StatusCode = 503; return; }
            c.Response.ContentType = "application/rss+xml";
            await c.Response.WriteAsync(Rss("flaky"));
        });
        _cli.FeedsFile(("flaky", _server.Url("/flaky")));
        for (int i = 0; i < 5; i++)
        {
            Assert.Equal(0, (await _cli.RunAsync("run", "--once")).ExitCode);
            _time.Advance(TimeSpan.FromDays(1));
        }
        var feed = (await _cli.RunAsync("feeds", "list")).JsonLines.Single();
        Assert.False(feed.GetProperty("active").GetBoolean());
        Assert.Contains(_adminNotices, n => n.Contains("flaky", StringComparison.Ordinal) && n.Contains("HTTP 503", StringComparison.Ordinal) && n.Contains("feeds enable flaky", StringComparison.Ordinal));

        // Deactivated: not polled any more.
        int requests = _server.Requests.Count;
        await _cli.RunAsync("run", "--once");
        Assert.Equal(requests, _server.Requests.Count);

        broken = false;
        Assert.Equal(0, (await _cli.RunAsync("feeds", "enable", "flaky")).ExitCode);
        Assert.Equal(1, (await _cli.RunAsync("feeds", "enable", "nope")).ExitCode);
        await _cli.RunAsync("run", "--once");
        var again = (await _cli.RunAsync("feeds", "list")).JsonLines.Single();
        Assert.True(again.GetProperty("active").GetBoolean());
        Assert.Equal(0, again.GetProperty("consecutiveFailures").GetInt32());
    }

    [Fact]
    public async Task Feeds_check_prints_items_with_verdicts_and_refuses_with_one_line_reasons()
    {
        _server.MapFeed("/rss.xml", () => Rss("rss"));
        _server.Map("/500", c => { c.Response.StatusCode = 500; return Task.CompletedTask; });
        _server.Map("/html", async c => { c.Response.ContentType = "text/html"; await c.Response.WriteAsync("<html><body>hello</body></html>"); });
        _server.MapFeed("/empty.xml", () => "<rss version=\"2.0\"><channel><title>Empty</title></channel></rss>");

        var ok = await _cli.RunAsync("feeds", "check", _server.Url("/rss.xml").AbsoluteUri);
        Assert.Equal(0, ok.ExitCode);
        var item = Assert.Single(ok.JsonLines);
        Assert.True(item.GetProperty("relevant").GetBoolean());
        foreach (var field in new[] { "id", "title", "link", "publishedUtc" }) Assert.True(item.TryGetProperty(field, out _), field);

        var empty = await _cli.RunAsync("feeds", "check", _server.Url("/empty.xml").AbsoluteUri);
        Assert.Equal(0, empty.ExitCode);
        Assert.Empty(empty.JsonLines);

        foreach (var (path, reason) in new[] { ("/500", "HTTP 500"), ("/html", "not an RSS"), ("/missing", "HTTP 404") })
        {
            var bad = await _cli.RunAsync("feeds", "check", _server.Url(path).AbsoluteUri);
            Assert.Equal(1, bad.ExitCode);
            Assert.Contains(reason, bad.Error);
            Assert.Single(bad.Error.Trim().Split('\n'));
        }

        _cli.Settings["BorderAlert:Fetch:AllowPrivateNetworks"] = "false";
        var blocked = await _cli.RunAsync("feeds", "check", _server.Url("/rss.xml").AbsoluteUri);
        Assert.Equal(1, blocked.ExitCode);
        Assert.Contains("AllowPrivateNetworks", blocked.Error);
        Assert.Equal(2, (await _cli.RunAsync("feeds", "check", "not a url")).ExitCode);
    }

    private sealed class RecordingAdmin(List<string> notices) : IAdminNotifier
    {
        public Task NotifyAsync(string message, CancellationToken cancellationToken)
        {
            lock (notices) notices.Add(message);
            return Task.CompletedTask;
        }
    }
}
