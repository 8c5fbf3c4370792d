using System.Diagnostics;
using BorderAlertBot.Core.Commands;
using BorderAlertBot.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace BorderAlertBot.Tests.Telegram;

/// <summary>`run` with a token: alerts posted, commands answered, and a stop that ends everything within seconds.</summary>
public class TelegramRunTests : IAsyncLifetime
{
    private FeedServer _feeds = null!;
    private FakeTelegramServer _telegram = null!;
    private readonly CliRunner _cli = new();
    private readonly RecordingCommandService _commands = new();

    public async Task InitializeAsync()
    {
        _feeds = await FeedServer.StartAsync();
        _telegram = await FakeTelegramServer.StartAsync();
        var items = new[]
        {
            new RssBuilder.Item("1", "Kyrgyz and Tajik border guards exchange fire near Vorukh",
                "Two Kyrgyz border guards were wounded near Vorukh, the Border Service said.", "https://24.kg/english/1", DateTimeOffset.UtcNow.AddHours(-1)),
        };
        _feeds.MapFeed("/feed.xml", () => RssBuilder.Build("24.kg", items));
        _cli.FeedsFile(("kg24", _feeds.Url("/feed.xml")));
        _cli.ConfigureServices = s => s.AddSingleton<ICommandService>(_commands);
        _cli.Settings["BorderAlert:Telegram:Token"] = FakeTelegramServer.Token;
        _cli.Settings["BorderAlert:Telegram:ApiBaseUrl"] = _telegram.ApiBaseUrl;
        _cli.Settings["BorderAlert:Telegram:ChatIds:0"] = "@borderwatch";
        _cli.Settings["BorderAlert:Telegram:PollingTimeout"] = "00:00:20";
    }

    public async Task DisposeAsync()
    {
        await _feeds.DisposeAsync();
        await _telegram.DisposeAsync();
        _cli.Dispose();
    }

    [Fact]
    public async Task Run_posts_alerts_answers_commands_and_stops_promptly()
    {
        using var stop = new CancellationTokenSource();
        var running = _cli.RunAsync(["run"], "", stop.Token);

        await _telegram.WaitUntilAsync(s => s.SentMessages.Any(m => m.ChatId == "@borderwatch"), TimeSpan.FromSeconds(30));
        _telegram.AddMessage(42, "private", 42, "/help");
        await _telegram.WaitUntilAsync(s => s.SentMessages.Any(m => m.ChatId == "42"), TimeSpan.FromSeconds(30));
        await _telegram.WaitUntilAsync(s => s.Calls("getUpdates").Count(r => r.Body["offset"] is not null) > 0);

        var watch = Stopwatch.StartNew();
        await stop.CancelAsync();
        var result = await running.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"stopping took {watch.Elapsed}");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("help", Assert.Single(_commands.Calls).Name);
        Assert.Single(_telegram.SentMessages, m => m.ChatId == "@borderwatch");
        Assert.Single(_telegram.Calls("setMyCommands"));
        Assert.DoesNotContain(FakeTelegramServer.Token, result.Error);
    }
}
