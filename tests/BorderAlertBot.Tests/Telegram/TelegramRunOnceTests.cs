using BorderAlertBot.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace BorderAlertBot.Tests.Telegram;

/// <summary>`run --once` through the real CLI with a Telegram token: a loopback feed, the fake Bot API server, a real SQLite file.</summary>
public class TelegramRunOnceTests : IAsyncLifetime
{
    private FeedServer _feeds = null!;
    private FakeTelegramServer _telegram = null!;
    private readonly CliRunner _cli = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 3, 13, 12, 0, 0, TimeSpan.Zero));
    private readonly List<RssBuilder.Item> _items = [];

    public async Task InitializeAsync()
    {
        _feeds = await FeedServer.StartAsync();
        _telegram = await FakeTelegramServer.StartAsync();
        _feeds.MapFeed("/feed.xml", () => RssBuilder.Build("24.kg", _items));
        _cli.FeedsFile(("kg24", _feeds.Url("/feed.xml")));
        _cli.ConfigureServices = s => s.AddSingleton<TimeProvider>(_time);
        _cli.Settings["BorderAlert:Telegram:Token"] = FakeTelegramServer.Token;
        _cli.Settings["BorderAlert:Telegram:ApiBaseUrl"] = _telegram.ApiBaseUrl;
        _cli.Settings["BorderAlert:Telegram:ChatIds:0"] = "-1001234567890";
    }

    public async Task DisposeAsync()
    {
        await _feeds.DisposeAsync();
        await _telegram.DisposeAsync();
        _cli.Dispose();
    }

    [Fact]
    public async Task Run_once_posts_the_cycles_alert_to_the_configured_chat_exactly_once()
    {
        _items.Add(new("1", "Kyrgyz and Tajik border guards exchange fire near Vorukh",
            "Two Kyrgyz border guards were wounded near Vorukh, the Border Service said.", "https://24.kg/english/1", _time.GetUtcNow().AddHours(-1)));
        _items.Add(new("2", "Bishkek hosts apricot festival", "Growers from Batken brought apricots.", null, _time.GetUtcNow().AddHours(-2)));

        var run = await _cli.RunAsync("run", "--once");

        Assert.Equal(0, run.ExitCode);
        Assert.Empty(run.JsonLines); // with a token, channels are Telegram's, not the console
        var sent = Assert.Single(_telegram.SentMessages);
        Assert.Equal("-1001234567890", sent.ChatId);
        Assert.Equal("html", sent.Body["parse_mode"]!.GetValue<string>().ToLowerInvariant());
        Assert.Empty(TelegramHtmlChecker.Problems(sent.Text!));
        Assert.Contains("Kyrgyz and Tajik border guards exchange fire near Vorukh", TelegramHtmlChecker.VisibleText(sent.Text!));
        Assert.Contains("href=\"https://24.kg/english/1\"", sent.Text);
        Assert.Empty(_telegram.Calls("getUpdates")); // commands need `run`
        Assert.DoesNotContain(FakeTelegramServer.Token, run.Error);

        var again = await _cli.RunAsync("run", "--once");
        Assert.Equal(0, again.ExitCode);
        Assert.Single(_telegram.Calls("sendMessage"));
    }

    [Fact]
    public async Task A_bad_telegram_setting_stops_the_start_with_a_message_naming_the_key()
    {
        _cli.Settings["BorderAlert:Telegram:ApiBaseUrl"] = "ftp://nope";
        _cli.Settings["BorderAlert:Telegram:ChatIds:0"] = "not a chat";
        var run = await _cli.RunAsync("run", "--once");
        Assert.Equal(3, run.ExitCode);
        Assert.Contains("BorderAlert__Telegram__ApiBaseUrl", run.Error);
        Assert.Contains("BorderAlert__Telegram__ChatIds__0", run.Error);
        Assert.DoesNotContain(FakeTelegramServer.Token, run.Error);
        Assert.Empty(_telegram.Requests);
    }
}
