using BorderAlertBot.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace BorderAlertBot.Tests.Discord;

/// <summary>The real CLI with Discord configured: `run --once` posts over REST only; `run` exits non-zero on a fatal close.</summary>
public sealed class DiscordRunOnceTests : IAsyncLifetime
{
    private FeedServer _feeds = null!;
    private FakeDiscordServer _discord = null!;
    private readonly CliRunner _cli = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 3, 13, 12, 0, 0, TimeSpan.Zero));
    private readonly List<RssBuilder.Item> _items = [];

    public async Task InitializeAsync()
    {
        _feeds = await FeedServer.StartAsync();
        _discord = await FakeDiscordServer.StartAsync();
        _feeds.MapFeed("/feed.xml", () => RssBuilder.Build("24.kg", _items));
        _cli.FeedsFile(("kg24", _feeds.Url("/feed.xml")));
        _cli.Settings["BorderAlert:Discord:Token"] = FakeDiscordServer.Token;
        _cli.Settings["BorderAlert:Discord:ApiBaseUrl"] = _discord.ApiBaseUrl;
        _cli.Settings["BorderAlert:Discord:ChannelIds:0"] = DiscordTestSupport.ChannelId;
    }

    public async Task DisposeAsync()
    {
        await _feeds.DisposeAsync();
        await _discord.DisposeAsync();
        _cli.Dispose();
    }

    [Fact]
    public async Task Run_once_posts_exactly_one_message_over_rest_only()
    {
        _cli.ConfigureServices = s => s.AddSingleton<TimeProvider>(_time);
        _items.Add(new("1", "Kyrgyz and Tajik border guards exchange fire near Vorukh", "Two Kyrgyz border guards were wounded near Vorukh, the Border Service said.",
            "https://24.kg/english/1", _time.GetUtcNow().AddHours(-1)));

        var run = await _cli.RunAsync("run", "--once");

        Assert.Equal(0, run.ExitCode);
        Assert.Empty(run.JsonLines); // not on the console: Discord took it
        var (channel, message) = Assert.Single(_discord.Posted);
        Assert.Equal(DiscordTestSupport.ChannelId, channel);
        Assert.Contains("Vorukh", message["embeds"]![0]!["title"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(0, _discord.ConnectionCount);
        Assert.Empty(_discord.RequestsTo("PUT", "/api/v10/applications/"));
    }

    [Fact]
    public async Task Run_exits_non_zero_with_a_clear_error_on_a_fatal_close_code()
    {
        _cli.Settings["BorderAlert:Discord:GatewayUrl"] = _discord.GatewayUrl + "/gateway";
        var run = _cli.RunAsync(["run"], "", CancellationToken.None);
        var connection = await _discord.NextConnectionAsync(TimeSpan.FromSeconds(30));
        await connection.SendHelloAsync();
        await connection.ExpectAsync(2);
        await connection.CloseAsync(4004, "Authentication failed.");

        var result = await run.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("4004", result.Error, StringComparison.Ordinal);
        Assert.Contains("BorderAlert:Discord:Token", result.Error, StringComparison.Ordinal);
        Assert.Equal(1, _discord.ConnectionCount);
        Assert.DoesNotContain(FakeDiscordServer.Token, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_discord_setting_stops_the_start_with_a_message_naming_the_key()
    {
        _cli.Settings["BorderAlert:Discord:ChannelIds:0"] = "#general";
        _cli.Settings["BorderAlert:Discord:GatewayUrl"] = "http://example.org";

        var run = await _cli.RunAsync("run", "--once");

        Assert.Equal(3, run.ExitCode);
        Assert.Contains("BorderAlert__Discord__ChannelIds__0", run.Error, StringComparison.Ordinal);
        Assert.Contains("BorderAlert__Discord__GatewayUrl", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(FakeDiscordServer.Token, run.Error, StringComparison.Ordinal);
        Assert.Empty(_discord.Requests);
    }
}
