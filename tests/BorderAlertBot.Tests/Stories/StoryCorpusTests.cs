using System.Text.Json;
using BorderAlertBot.Core.Stories;
using BorderAlertBot.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Xunit;
using Xunit.Abstractions;

namespace BorderAlertBot.Tests.Stories;

/// <summary>
/// The story corpus (TestData/story-corpus.jsonl, written for this test, apart from the detector's corpora):
/// 16 events told by 63 reports from six outlets in English, Russian, Kyrgyz and Tajik over five days, with
/// the hard pairs (facing villages, a quarrel and a shooting in one village two days apart, a ceasefire the
/// day after a clash, reports naming only the district, two incidents the same day in different villages)
/// and unrelated items, each labelled with its event and the alert it should make. It runs through the real
/// pipeline (loopback feeds, the CLI, SQLite) in two polling stages, and the grouping is read back the way a
/// user reads it, through <c>/story ID</c>.
/// </summary>
public class StoryCorpusTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2025, 5, 5, 0, 0, 0, TimeSpan.Zero);
    private const double StageOneHours = 61; // the first poll sees what was published by then; the second, the rest

    private static readonly (string Id, string Name, string Language)[] Outlets =
    [
        ("kgwire-en", "KG Wire", "en"), ("asia-en", "Asia Monitor", "en"), ("bishkek-ru", "Bishkek Vesti", "ru"),
        ("sughd-ru", "Sughd Vesti", "ru"), ("batken-ky", "Batken Tany", "ky"), ("dushanbe-tg", "Dushanbe Akhbor", "tg"),
    ];

    public sealed record Report(string Id, string Event, string Outlet, string Lang, double Hour, string Title, string Summary, string Expect, string? Change);

    private FeedServer _server = null!;
    private readonly CliRunner _cli = new();
    private readonly FakeTimeProvider _time = new(T0);
    private double _published = StageOneHours;
    private readonly List<Report> _corpus = Load();

    public static List<Report> Load() =>
        File.ReadLines(Path.Combine(TestPaths.TestData, "story-corpus.jsonl")).Where(l => l.Trim().Length > 0)
            .Select(l => JsonSerializer.Deserialize<Report>(l, new JsonSerializerOptions(JsonSerializerDefaults.Web))!).ToList();

    public async Task InitializeAsync()
    {
        _server = await FeedServer.StartAsync();
        foreach (var (id, name, _) in Outlets)
            _server.MapFeed($"/{id}.xml", () => RssBuilder.Build(name, _corpus
                .Where(r => r.Outlet == id && r.Hour <= _published)
                .Select(r => new RssBuilder.Item(r.Id, r.Title, r.Summary, Link(r.Id), T0.AddHours(r.Hour)))));
        string feeds = Path.Combine(_cli.DataDir, "story-feeds.json");
        File.WriteAllText(feeds, JsonSerializer.Serialize(new
        {
            feeds = Outlets.Select(o => new { id = o.Id, name = o.Name, url = _server.Url($"/{o.Id}.xml").AbsoluteUri, language = o.Language, intervalMinutes = 10 }),
        }));
        _cli.Settings["BorderAlert:FeedsFile"] = feeds;
        _cli.Settings["BorderAlert:Pipeline:BackfillWindow"] = "7.00:00:00"; // the first poll alerts the whole corpus
        _cli.ConfigureServices = s => s.AddSingleton<TimeProvider>(_time);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _cli.Dispose();
    }

    private string Link(string id) => _server.Url("/news/" + id).AbsoluteUri;

    [Fact]
    public void Corpus_is_large_varied_and_labelled()
    {
        var events = _corpus.Where(r => r.Event != "none").ToList();
        Assert.True(events.Select(r => r.Event).Distinct().Count() >= 15);
        Assert.True(events.Count >= 60, $"{events.Count} reports");
        Assert.Equal(6, _corpus.Select(r => r.Outlet).Distinct().Count());
        Assert.Equal(["en", "ky", "ru", "tg"], _corpus.Select(r => r.Lang).Distinct().Order().ToArray());
        Assert.True(_corpus.Max(r => r.Hour) - _corpus.Min(r => r.Hour) >= 72, "over several days");
        Assert.Contains(_corpus, r => r.Event == "none");
        foreach (var group in events.GroupBy(r => r.Event))
        {
            var first = Assert.Single(group, r => r.Expect == "first");
            Assert.Equal(group.Min(r => r.Hour), first.Hour); // the first alert is the earliest report
        }
        Assert.Equal(_corpus.Count, _corpus.Select(r => r.Id).Distinct().Count());
    }

    [Fact]
    public async Task Two_polling_stages_group_the_corpus_into_its_events_with_one_first_alert_each_and_the_expected_updates()
    {
        _time.SetUtcNow(T0.AddHours(StageOneHours));
        var stageOne = await _cli.RunAsync("run", "--once");
        Assert.Equal(0, stageOne.ExitCode);
        _published = 1000;
        _time.SetUtcNow(T0.AddHours(120));
        var stageTwo = await _cli.RunAsync("run", "--once");
        Assert.Equal(0, stageTwo.ExitCode);
        var alerts = stageOne.JsonLines.Concat(stageTwo.JsonLines).ToList();
        var byTitle = _corpus.ToDictionary(r => r.Title);
        var byLink = _corpus.ToDictionary(r => Link(r.Id));

        // Every alert keeps the jsonl contract and comes from a report of the corpus.
        foreach (var a in alerts)
        {
            foreach (string field in new[] { "id", "storyId", "isUpdate", "change", "severity", "category", "places", "sources" })
                Assert.True(a.TryGetProperty(field, out _), $"alert without {field}");
            Assert.All(a.GetProperty("sources").EnumerateArray(), s => Assert.StartsWith(_server.BaseUrl.AbsoluteUri, s.GetProperty("url").GetString()));
        }
        var alerted = alerts.Select(a => (Report: byTitle[a.GetProperty("headline").GetString()!], Alert: a)).ToList();

        // The grouping as /story shows it: every report's link under its story.
        var storyOf = new Dictionary<string, string>();
        foreach (string storyId in alerted.Select(a => a.Alert.GetProperty("storyId").GetString()!).Distinct())
        {
            var story = await _cli.RunAsync("command", $"/story {storyId}");
            Assert.Equal(0, story.ExitCode);
            foreach (var (link, report) in byLink)
                if (story.Out.Contains(link + "\n", StringComparison.Ordinal) || story.Out.EndsWith(link, StringComparison.Ordinal) || story.Out.Contains(link + " ", StringComparison.Ordinal))
                    Assert.True(storyOf.TryAdd(report.Id, storyId), $"{report.Id} is listed in two stories");
        }

        var events = _corpus.Where(r => r.Event != "none").ToList();
        var missing = events.Where(r => !storyOf.ContainsKey(r.Id)).Select(r => r.Id).ToList();
        Assert.True(missing.Count == 0, "reports in no story: " + string.Join(", ", missing));
        double f1 = BCubedF1(events.Select(r => (r.Event, storyOf[r.Id])).ToList(), out double precision, out double recall);
        output.WriteLine($"B-cubed precision {precision:0.000} recall {recall:0.000} F1 {f1:0.000} over {events.Count} reports, {storyOf.Values.Distinct().Count()} stories for {events.Select(r => r.Event).Distinct().Count()} events");
        foreach (var e in events.GroupBy(r => r.Event))
            output.WriteLine($"{e.Key}: {string.Join(" ", e.Select(r => $"{r.Id}→{storyOf[r.Id]}"))}");
        foreach (var (report, alert) in alerted)
            output.WriteLine($"{(alert.GetProperty("isUpdate").GetBoolean() ? "update" : "first ")} {report.Id} sev {alert.GetProperty("severity").GetInt32()} {alert.GetProperty("category").GetString()} {alert.GetProperty("change")}");
        Assert.True(f1 >= 0.95, $"B-cubed F1 {f1:0.000}");

        // No alert for unrelated items; exactly one first alert per event, from its earliest report.
        Assert.DoesNotContain(alerted, a => a.Report.Event == "none");
        var firsts = alerted.Where(a => !a.Alert.GetProperty("isUpdate").GetBoolean()).ToList();
        Assert.Equal(events.Where(r => r.Expect == "first").Select(r => r.Id).Order(), firsts.Select(a => a.Report.Id).Order());
        // The expected updates, each once, saying what changed, threaded under its event's story.
        var updates = alerted.Where(a => a.Alert.GetProperty("isUpdate").GetBoolean()).ToList();
        Assert.Equal(events.Where(r => r.Expect == "update").Select(r => r.Id).Order(), updates.Select(a => a.Report.Id).Order());
        foreach (var (report, alert) in updates)
        {
            Assert.Contains(report.Change!, alert.GetProperty("change").GetString());
            Assert.Equal(storyOf[events.Single(r => r.Event == report.Event && r.Expect == "first").Id], alert.GetProperty("storyId").GetString());
        }

        // The rubric as readers see it: de-escalation at most 3 and never an armed clash; a drone seen is a security measure.
        foreach (var (report, alert) in alerted.Where(a => a.Report.Event is "ak-sai-ceasefire" or "kulundu-withdrawal" or "chorkuh-drone"))
        {
            Assert.True(alert.GetProperty("severity").GetInt32() <= 3, $"{report.Id}: severity {alert.GetProperty("severity")}");
            Assert.Equal(report.Event == "chorkuh-drone" ? "security" : "diplomacy", alert.GetProperty("category").GetString());
        }

        // Related stories: the ceasefire follows the clash; the shooting at Kok-Tash follows the quarrel there.
        string StoryOf(string eventName) => storyOf[events.First(r => r.Event == eventName).Id];
        var ceasefire = (await _cli.RunAsync("command", $"/story {StoryOf("ak-sai-ceasefire")}")).Out;
        Assert.Contains(StoryOf("ak-sai-clash"), ceasefire);
        var shooting = (await _cli.RunAsync("command", $"/story {StoryOf("kok-tash-fire")}")).Out;
        Assert.Contains(StoryOf("kok-tash-stones"), shooting);
    }

    /// <summary>B-cubed precision and recall of a clustering against gold labels, per item, averaged.</summary>
    public static double BCubedF1(IReadOnlyList<(string Gold, string Cluster)> items, out double precision, out double recall)
    {
        precision = recall = 0;
        foreach (var (gold, cluster) in items)
        {
            int sameCluster = items.Count(i => i.Cluster == cluster);
            int sameGold = items.Count(i => i.Gold == gold);
            int both = items.Count(i => i.Cluster == cluster && i.Gold == gold);
            precision += both / (double)sameCluster;
            recall += both / (double)sameGold;
        }
        precision /= items.Count;
        recall /= items.Count;
        return 2 * precision * recall / (precision + recall);
    }
}
