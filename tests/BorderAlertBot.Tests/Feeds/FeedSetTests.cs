using BorderAlertBot.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace BorderAlertBot.Tests.Feeds;

/// <summary>
/// Which feeds are polled, across verbs and feeds files, through the real CLI: verbs that read never change
/// the active set, and `run` says so loudly when nothing is active.
/// </summary>
public class FeedSetTests : IAsyncLifetime
{
    private FeedServer _server = null!;
    private readonly CliRunner _cli = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 3, 13, 12, 0, 0, TimeSpan.Zero));

    public async Task InitializeAsync()
    {
        _server = await FeedServer.StartAsync();
        _server.MapFeed("/a1.xml", () => RssBuilder.Build("A1", [new("a1-1", "Market prices in Osh")]));
        _server.MapFeed("/a2.xml", () => RssBuilder.Build("A2", [new("a2-1", "Weather in Khujand")]));
        _cli.ConfigureServices = s => s.AddSingleton<TimeProvider>(_time);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _cli.Dispose();
    }

    private int Polls(string path) => _server.Requests.Count(r => r.Path == path);

    [Fact]
    public async Task Verbs_run_with_the_default_feeds_file_never_strand_the_feeds_of_another_file()
    {
        string fileA = _cli.FeedsFile(("a1", _server.Url("/a1.xml")), ("a2", _server.Url("/a2.xml")));
        _cli.Settings.Remove("BorderAlert:FeedsFile"); // every verb below sees the shipped config/feeds.json

        var first = await _cli.RunAsync("run", "--once", "--feeds", fileA);
        Assert.Equal(0, first.ExitCode);
        Assert.Equal((1, 1), (Polls("/a1.xml"), Polls("/a2.xml")));

        // Read-only verbs with the default file, as a user would run them between two runs.
        Assert.Equal(0, (await _cli.RunAsync("feeds", "list")).ExitCode);
        Assert.Equal(0, (await _cli.RunAsync("command", "/sources")).ExitCode);
        Assert.Equal(0, (await _cli.RunAsync("command", "/status")).ExitCode);
        await _cli.RunAsync("health");
        Assert.Equal(0, (await _cli.RunAsync("feeds", "enable", "a1")).ExitCode);

        var list = (await _cli.RunAsync("feeds", "list")).JsonLines;
        Assert.Equal(["a1", "a2"], list.Select(f => f.GetProperty("id").GetString()).Order());
        Assert.All(list, f => Assert.True(f.GetProperty("active").GetBoolean()));

        _time.Advance(TimeSpan.FromMinutes(11));
        var again = await _cli.RunAsync("run", "--once", "--feeds", fileA);
        Assert.Equal(0, again.ExitCode);
        Assert.DoesNotContain("no feed is active", again.Error, StringComparison.Ordinal);
        Assert.Equal((2, 2), (Polls("/a1.xml"), Polls("/a2.xml"))); // both polled again
    }

    [Fact]
    public async Task A_feed_removed_from_its_file_leaves_and_comes_back_when_listed_again()
    {
        _cli.FeedsFile(("a1", _server.Url("/a1.xml")), ("a2", _server.Url("/a2.xml")));
        Assert.Equal(0, (await _cli.RunAsync("run", "--once")).ExitCode);
        _cli.FeedsFile(("a1", _server.Url("/a1.xml")));
        Assert.Equal(0, (await _cli.RunAsync("run", "--once")).ExitCode);
        Assert.Equal(["a1"], (await _cli.RunAsync("feeds", "list")).JsonLines.Select(f => f.GetProperty("id").GetString()));
        _cli.FeedsFile(("a1", _server.Url("/a1.xml")), ("a2", _server.Url("/a2.xml")));
        _time.Advance(TimeSpan.FromMinutes(11));
        Assert.Equal(0, (await _cli.RunAsync("run", "--once")).ExitCode);
        Assert.Equal(2, Polls("/a2.xml"));
    }

    [Fact]
    public async Task Run_warns_loudly_and_status_shows_it_when_no_feed_is_active()
    {
        _cli.FeedsFile();
        var run = await _cli.RunAsync("run", "--once");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("WARNING: no feed is active, nothing will be polled", run.Error, StringComparison.Ordinal);

        var status = await _cli.RunAsync("command", "/status");
        Assert.Contains("Feeds active: 0 of 0 (WARNING: nothing is being polled)", status.Out, StringComparison.Ordinal);
    }
}
