using BorderAlertBot.Tests.Fakes;
using BorderAlertBot.Tests.Telegram;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace BorderAlertBot.Tests.Feeds;

/// <summary>A feed the bot gives up on is reported to the configured admin destination, here a Telegram chat.</summary>
public sealed class AdminNoticeTests : IAsyncLifetime
{
    private FeedServer _feeds = null!;
    private FakeTelegramServer _telegram = null!;
    private readonly CliRunner _cli = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 3, 13, 12, 0, 0, TimeSpan.Zero));

    public async Task InitializeAsync()
    {
        _feeds = await FeedServer.StartAsync();
        _telegram = await FakeTelegramServer.StartAsync();
        _feeds.Map("/down", c => { c.Response.StatusCode = 503; return Task.CompletedTask; });
        _cli.FeedsFile(("down", _feeds.Url("/down")));
        _cli.ConfigureServices = s => s.AddSingleton<TimeProvider>(_time);
        _cli.Settings["BorderAlert:Telegram:Token"] = FakeTelegramServer.Token;
        _cli.Settings["BorderAlert:Telegram:ApiBaseUrl"] = _telegram.ApiBaseUrl;
        _cli.Settings["BorderAlert:Admin:Destination"] = "telegram:-100777";
    }

    public async Task DisposeAsync()
    {
        await _feeds.DisposeAsync();
        await _telegram.DisposeAsync();
        _cli.Dispose();
    }

    [Fact]
    public async Task A_deactivated_feed_is_reported_to_the_admin_chat_once()
    {
        for (int i = 0; i < 5; i++)
        {
            Assert.Equal(0, (await _cli.RunAsync("run", "--once")).ExitCode);
            _time.Advance(TimeSpan.FromDays(1));
        }
        var notice = Assert.Single(_telegram.SentMessages, m => m.ChatId == "-100777");
        string text = TelegramHtmlChecker.VisibleText(notice.Text!);
        Assert.Contains("Feed 'down'", text);
        Assert.Contains("HTTP 503", text);
        Assert.Contains("feeds enable down", text);
    }

    [Fact]
    public async Task A_bad_admin_destination_names_the_key()
    {
        _cli.Settings["BorderAlert:Admin:Destination"] = "pager:42";
        var result = await _cli.RunAsync("run", "--once");
        Assert.Equal(3, result.ExitCode);
        Assert.Contains("BorderAlert__Admin__Destination", result.Error);
    }
}
