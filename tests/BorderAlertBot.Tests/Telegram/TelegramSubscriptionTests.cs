using BorderAlertBot.Core.Alerts;
using BorderAlertBot.Core.Commands;
using BorderAlertBot.Core.Delivery;
using BorderAlertBot.Core.Pipeline;
using BorderAlertBot.Core.Storage;
using BorderAlertBot.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace BorderAlertBot.Tests.Telegram;

/// <summary>
/// `/subscribe Ворух` taken by `run` in a private chat, then a matching alert (written "Vorukh") in a later
/// `run --once`: exactly one DM. Real CommandService and subscription routing, real store shared by the runs.
/// </summary>
public class TelegramSubscriptionTests : IAsyncLifetime
{
    private FeedServer _feeds = null!;
    private FakeTelegramServer _telegram = null!;
    private readonly CliRunner _cli = new();
    private readonly List<RssBuilder.Item> _items = [];

    public async Task InitializeAsync()
    {
        _feeds = await FeedServer.StartAsync();
        _telegram = await FakeTelegramServer.StartAsync();
        _feeds.MapFeed("/feed.xml", () => RssBuilder.Build("24.kg", _items));
        _cli.FeedsFile(("kg24", _feeds.Url("/feed.xml")));
        _cli.Settings["BorderAlert:Telegram:Token"] = FakeTelegramServer.Token;
        _cli.Settings["BorderAlert:Telegram:ApiBaseUrl"] = _telegram.ApiBaseUrl;
    }

    public async Task DisposeAsync()
    {
        await _feeds.DisposeAsync();
        await _telegram.DisposeAsync();
        _cli.Dispose();
    }

    [Fact]
    public async Task Subscribe_in_a_private_chat_then_a_matching_alert_gives_exactly_one_dm()
    {
        using (var stop = new CancellationTokenSource())
        {
            var running = _cli.RunAsync(["run"], "", stop.Token);
            _telegram.AddMessage(42, "private", 42, "/subscribe Ворух");
            await _telegram.WaitUntilAsync(s => s.SentMessages.Any(m => m.ChatId == "42"), TimeSpan.FromSeconds(30));
            await stop.CancelAsync();
            Assert.Equal(0, (await running.WaitAsync(TimeSpan.FromSeconds(30))).ExitCode);
        }
        Assert.Contains("Subscribed", Assert.Single(_telegram.SentMessages).Text);

        _items.Add(new("1", "Kyrgyz and Tajik border guards exchange fire near Vorukh",
            "Two Kyrgyz border guards were wounded near Vorukh, the Border Service said.", _feeds.Url("/news/1").AbsoluteUri, DateTimeOffset.UtcNow.AddHours(-1)));
        Assert.Equal(0, (await _cli.RunAsync("run", "--once")).ExitCode);
        Assert.Equal(0, (await _cli.RunAsync("run", "--once")).ExitCode);

        var alerts = _telegram.SentMessages.Skip(1).ToList();
        var dm = Assert.Single(alerts);
        Assert.Equal("42", dm.ChatId);
        Assert.Contains("exchange fire near Vorukh", TelegramHtmlChecker.VisibleText(dm.Text!));
    }
}
