using BorderAlertBot.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace BorderAlertBot.Tests.Stories;

/// <summary>
/// One clash told by three outlets in three languages, a death-toll update, then an unrelated incident in
/// another village the same day: exactly three alerts, in one run or spread over two.
/// </summary>
public class StoryPipelineTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Morning = new(2025, 3, 13, 2, 0, 0, TimeSpan.Zero); // 08:00 Bishkek
    private FeedServer _server = null!;
    private readonly CliRunner _cli = new();
    private readonly FakeTimeProvider _time = new(Morning.AddHours(12));
    private readonly Dictionary<string, List<RssBuilder.Item>> _feeds = new() { ["en"] = [], ["ru"] = [], ["ky"] = [] };

    public async Task InitializeAsync()
    {
        _server = await FeedServer.StartAsync();
        foreach (var lang in _feeds.Keys) _server.MapFeed($"/{lang}.xml", () => RssBuilder.Build(lang, _feeds[lang]));
        _cli.FeedsFile(("outlet-en", _server.Url("/en.xml")), ("outlet-ru", _server.Url("/ru.xml")), ("outlet-ky", _server.Url("/ky.xml")));
        _cli.ConfigureServices = s => s.AddSingleton<TimeProvider>(_time);
        _cli.Settings["BorderAlert:Pipeline:FetchArticles"] = "true"; // links point at the loopback server
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _cli.Dispose();
    }

    private RssBuilder.Item Item(string id, string title, string text, int hours) =>
        new(id, title, text, _server.Url("/news/" + id).AbsoluteUri, Morning.AddHours(hours));

    private void FirstReports()
    {
        _feeds["en"].Add(Item("en1", "Kyrgyz and Tajik border guards exchange fire near Vorukh", "Border guards of the two countries exchanged fire near the Tajik exclave of Vorukh on Thursday morning, the Kyrgyz Border Service said. Several servicemen were wounded.", 0));
        _feeds["ru"].Add(Item("ru1", "Перестрелка на кыргызско-таджикской границе у Ворух", "Пограничники Кыргызстана и Таджикистана открыли огонь у анклава Ворух утром в четверг. Есть раненые среди военнослужащих.", 1));
        _feeds["ky"].Add(Item("ky1", "Ворухтун жанында кыргыз жана тажик чек арачылары ок атышты", "Бейшемби күнү эртең менен Ворух анклавынын жанында эки өлкөнүн чек арачылары ок атышты. Аскерлер жарадар болду.", 2));
    }

    private void LaterReports()
    {
        _feeds["en"].Add(Item("en2", "Death toll in Vorukh border clash rises to 2", "Two people were killed in the exchange of fire near Vorukh, officials said on Thursday evening. The death toll rose to 2.", 5));
        _feeds["ru"].Add(Item("ru2", "Жители Кок-Таша забросали камнями кыргызских пограничников", "Инцидент произошел в четверг в селе Кок-Таш на участке границы с Таджикистаном, пострадавших нет.", 6));
    }

    [Fact]
    public async Task Three_outlets_one_clash_a_toll_update_and_another_incident_make_three_alerts()
    {
        FirstReports();
        LaterReports();
        await _cli.RunAsync("run", "--once"); // the first poll of a feed alerts items of the last 24 h
        _time.Advance(TimeSpan.FromMinutes(1));
        var alerts = (await _cli.RunAsync("command", "/latest 20")).Out;

        var list = await ListAlertsAsync();
        Assert.True(list.Count == 3, string.Join(" | ", list));
        var clash = list.Single(a => !a.Update && a.Sources > 1);
        Assert.Equal(3, clash.Outlets);                                   // the first alert lists all its sources
        Assert.Equal(4, clash.Sources);                                   // three outlets' reports and the toll update
        var update = Assert.Single(list, a => a.Update);
        Assert.Contains("Death toll", update.Headline);
        Assert.Single(list, a => a.Headline.Contains("Кок-Таш", StringComparison.Ordinal));
        Assert.Contains("Vorukh", alerts);
    }

    [Fact]
    public async Task Items_appearing_between_two_runs_give_the_same_alerts_as_one_run()
    {
        FirstReports();
        await _cli.RunAsync("run", "--once");
        _time.Advance(TimeSpan.FromMinutes(10));
        LaterReports();
        await _cli.RunAsync("run", "--once");

        var twoRuns = await ListAlertsAsync();
        Assert.Equal(3, twoRuns.Count);
        Assert.Single(twoRuns, a => a.Update);
        Assert.Equal(3, twoRuns.Single(a => !a.Update && a.Sources > 1).Outlets);
    }

    /// <summary>The alerts as stored (with their sources as the story grew), read through /story of each.</summary>
    private async Task<List<(string Headline, bool Update, int Sources, int Outlets)>> ListAlertsAsync()
    {
        using var store = new BorderAlertBot.Storage.Sqlite.SqliteStorage(_cli.Settings["BorderAlert:Storage:ConnectionString"]!);
        var alerts = await store.Alerts.GetRecentAlertsAsync(DateTimeOffset.UnixEpoch, 100, default);
        return alerts.Select(a => (a.Headline, a.IsUpdate, a.Sources.Count, a.Sources.Select(s => s.FeedId).Distinct().Count())).ToList();
    }
}
