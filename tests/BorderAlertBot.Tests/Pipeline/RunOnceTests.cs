using BorderAlertBot.Core.Delivery;
using BorderAlertBot.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.AspNetCore.Http;
using Xunit;

namespace BorderAlertBot.Tests.Pipeline;

/// <summary>`run --once` end to end: a loopback feed server, the real CLI, a real SQLite file.</summary>
public class RunOnceTests : IAsyncLifetime
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
        _cli.Settings["BorderAlert:Pipeline:FetchArticles"] = "true"; // links point at the loopback server
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _cli.Dispose();
    }

    private DateTimeOffset Now => _time.GetUtcNow();

    // Links point at the loopback server (no article there: the enricher falls back to the feed text).
    private RssBuilder.Item Clash(string guid, DateTimeOffset? at, string village = "Vorukh") =>
        new(guid, $"Kyrgyz and Tajik border guards exchange fire near {village}", $"Two Kyrgyz border guards were wounded near {village}, the Border Service said.", _server.Url("/news/" + guid).AbsoluteUri, at);

    [Fact]
    public async Task Second_run_alerts_nothing_new_and_a_new_item_alerts_once()
    {
        _items.Add(Clash("1", Now.AddHours(-1)));
        _items.Add(new("2", "Bishkek hosts apricot festival", "Growers from Batken brought apricots.", null, Now.AddHours(-2)));

        var first = await _cli.RunAsync("run", "--once");
        Assert.Equal(0, first.ExitCode);
        Assert.Single(first.JsonLines);

        var second = await _cli.RunAsync("run", "--once");
        Assert.Equal(0, second.ExitCode);
        Assert.Empty(second.JsonLines);

        _time.Advance(TimeSpan.FromHours(3));
        _items.Add(Clash("3", Now.AddMinutes(-5), "Kok-Tash") with { Title = "Shooting on the Kyrgyz-Tajik border at Kok-Tash: mortars used" });
        var third = await _cli.RunAsync("run", "--once");
        var alert = Assert.Single(third.JsonLines);
        Assert.Contains("Kok-Tash", alert.GetProperty("headline").GetString());
    }

    [Fact]
    public async Task A_regenerated_guid_or_a_repeated_title_is_not_new()
    {
        _items.Add(Clash("a1", Now.AddHours(-1)));
        Assert.Single((await _cli.RunAsync("run", "--once")).JsonLines);

        _items[0] = _items[0] with { Guid = "a1-regenerated" }; // same link, new guid
        Assert.Empty((await _cli.RunAsync("run", "--once")).JsonLines);

        _items[0] = _items[0] with { Guid = "a1-again", Link = _server.Url("/news/other-url").AbsoluteUri }; // same title, same feed
        Assert.Empty((await _cli.RunAsync("run", "--once")).JsonLines);
    }

    [Fact]
    public async Task First_run_backfill_window_is_honoured_and_afterwards_old_or_undated_items_alert()
    {
        _items.Add(Clash("old", Now.AddDays(-3)));
        _items.Add(Clash("recent", Now.AddHours(-2), "Kok-Tash"));
        var first = await _cli.RunAsync("run", "--once");
        var only = Assert.Single(first.JsonLines);
        Assert.Contains("Kok-Tash", only.GetProperty("headline").GetString());

        // After the first run, novelty comes from the store, not from dates.
        _items.Add(Clash("undated", null, "Tort-Kocho"));
        _items.Add(Clash("ancient", Now.AddYears(-2), "Chyr-Dobo") with { Title = "Mortar fire near Chyr-Dobo on the Kyrgyz-Tajik border" });
        var second = await _cli.RunAsync("run", "--once");
        Assert.Equal(2, second.JsonLines.Count);
    }

    [Fact]
    public async Task A_crash_between_detection_and_delivery_loses_nothing()
    {
        _items.Add(Clash("c1", Now.AddHours(-1)));
        var crashing = new CrashingSink();
        _cli.ConfigureServices = s =>
        {
            s.AddSingleton<TimeProvider>(_time);
            s.AddSingleton<IChatSink>(crashing); // replaces the console: the "process" dies mid-send
        };
        // This run does not wait for the retry (the clock is fake): the alert is left pending, due later.
        _cli.Settings["BorderAlert:Dispatcher:OnceWait"] = "00:00:00";
        var crashed = await _cli.RunAsync("run", "--once");
        _cli.Settings.Remove("BorderAlert:Dispatcher:OnceWait");
        Assert.Equal(0, crashed.ExitCode);
        Assert.Empty(crashed.JsonLines);
        Assert.Equal(1, crashing.Calls);

        // Next run, healthy: the pending alert is delivered exactly once (its retry came due).
        _cli.ConfigureServices = s => s.AddSingleton<TimeProvider>(_time);
        _time.Advance(TimeSpan.FromMinutes(5));
        var next = await _cli.RunAsync("run", "--once");
        Assert.Single(next.JsonLines);
        _time.Advance(TimeSpan.FromMinutes(5));
        Assert.Empty((await _cli.RunAsync("run", "--once")).JsonLines);
    }

    [Fact]
    public async Task The_command_verb_answers_from_the_same_store()
    {
        _items.Add(Clash("v1", Now.AddHours(-1)));
        Assert.Single((await _cli.RunAsync("run", "--once")).JsonLines);

        var search = await _cli.RunAsync("command", "/search Ворух");
        Assert.Equal(0, search.ExitCode);
        Assert.Contains("exchange fire near Vorukh", search.Out);

        var subscribe = await _cli.RunAsync("command", "/subscribe Vorukh 4");
        Assert.Contains("Subscribed to the place Vorukh", subscribe.Out);
        Assert.Contains("Vorukh", (await _cli.RunAsync("command", "/subscriptions")).Out);

        var bad = await _cli.RunAsync("command", "/nonsense");
        Assert.Equal(1, bad.ExitCode);
        Assert.Equal(2, (await _cli.RunAsync("command")).ExitCode);
    }

    [Fact]
    public async Task Failing_feeds_are_recorded_and_the_cycle_still_exits_zero()
    {
        _server.Map("/broken.xml", async c => { c.Response.StatusCode = 500; await c.Response.WriteAsync("oops"); });
        _server.Map("/garbage.xml", async c => { c.Response.ContentType = "application/xml"; await c.Response.WriteAsync("<rss><channel><item><title>unclosed"); });
        _cli.FeedsFile(("kg24", _server.Url("/feed.xml")), ("broken", _server.Url("/broken.xml")), ("garbage", _server.Url("/garbage.xml")));
        _items.Add(Clash("g1", Now.AddHours(-1)));

        var run = await _cli.RunAsync("run", "--once");
        Assert.Equal(0, run.ExitCode);
        Assert.Single(run.JsonLines);

        var list = await _cli.RunAsync("feeds", "list");
        var feeds = list.JsonLines.ToDictionary(f => f.GetProperty("id").GetString()!);
        Assert.Contains("HTTP 500", feeds["broken"].GetProperty("lastError").GetString());
        Assert.Contains("not well-formed", feeds["garbage"].GetProperty("lastError").GetString());
        Assert.Equal(0, feeds["kg24"].GetProperty("consecutiveFailures").GetInt32());
    }

    private sealed class CrashingSink : IChatSink
    {
        public int Calls;
        public string Platform => "console";
        public Task<DeliveryResult> SendAsync(DeliveryRequest request, CancellationToken cancellationToken)
        {
            Calls++;
            throw new IOException("simulated crash while sending");
        }
    }
}
