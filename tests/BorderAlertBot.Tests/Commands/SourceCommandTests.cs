using BorderAlertBot.Cli;
using BorderAlertBot.Core.Commands;
using BorderAlertBot.Hosting;
using BorderAlertBot.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace BorderAlertBot.Tests.Commands;

/// <summary>/source and /sources end to end: the real CLI and host, a real SQLite store, feeds on a loopback server.</summary>
public class SourceCommandTests : IAsyncLifetime
{
    private FeedServer _server = null!;
    private readonly CliRunner _cli = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 3, 13, 12, 0, 0, TimeSpan.Zero));

    public async Task InitializeAsync()
    {
        _server = await FeedServer.StartAsync();
        _server.MapFeed("/file.xml", () => RssBuilder.Build("File outlet", [new("f-1", "Market prices in Osh")]));
        _server.MapFeed("/chat.xml", () => RssBuilder.Build("Kloop", [
            new("c-1", "Kyrgyz and Tajik border guards exchange fire near Vorukh", "Two Kyrgyz border guards were wounded near Vorukh, the Border Service said.", _server.Url("/n/c-1").AbsoluteUri, _time.GetUtcNow().AddHours(-1)),
            new("c-2", "Weather in Bishkek", "", null, _time.GetUtcNow().AddHours(-2))]));
        _cli.FeedsFile(("file", _server.Url("/file.xml")));
        _cli.ConfigureServices = s => s.AddSingleton<TimeProvider>(_time);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _cli.Dispose();
    }

    private int Polls(string path) => _server.Requests.Count(r => r.Path == path);

    private string ChatUrl => _server.Url("/chat.xml").AbsoluteUri;

    [Fact]
    public async Task An_added_source_is_previewed_polled_in_the_next_pass_survives_restarts_and_the_feeds_file_and_remove_stops_it()
    {
        var add = await _cli.RunAsync("command", $"/source add {ChatUrl} en 15");
        Assert.Equal(0, add.ExitCode);
        Assert.Contains("Added Kloop as 127-0-0-1-chat-xml", add.Out, StringComparison.Ordinal);
        Assert.Contains("polled every 15 minutes", add.Out, StringComparison.Ordinal);
        Assert.Contains("2 items, 1 relevant", add.Out, StringComparison.Ordinal);
        Assert.Contains("[RELEVANT severity", add.Out, StringComparison.Ordinal); // the preview carries the verdicts
        Assert.Contains("[not relevant] Weather in Bishkek", add.Out, StringComparison.Ordinal);
        Assert.Equal(1, (await _cli.RunAsync("command", $"/source add {ChatUrl}")).ExitCode); // once only

        var sources = (await _cli.RunAsync("command", "/sources")).Out;
        Assert.Contains($"(127-0-0-1-chat-xml) {ChatUrl}", sources, StringComparison.Ordinal);
        Assert.Contains("added by operator", sources, StringComparison.Ordinal);

        var first = await _cli.RunAsync("run", "--once");
        Assert.Equal(0, first.ExitCode);
        Assert.Equal(2, Polls("/chat.xml")); // the vetting and the next pass
        Assert.Contains(first.JsonLines, a => a.GetProperty("headline").GetString()!.Contains("Vorukh", StringComparison.Ordinal));

        // A restart with the feeds file (which does not list it) keeps polling it.
        _time.Advance(TimeSpan.FromMinutes(16));
        Assert.Equal(0, (await _cli.RunAsync("run", "--once")).ExitCode);
        Assert.Equal(3, Polls("/chat.xml"));
        Assert.Contains("127-0-0-1-chat-xml", (await _cli.RunAsync("command", "/sources")).Out, StringComparison.Ordinal);

        Assert.Equal(0, (await _cli.RunAsync("command", "/source pause 127-0-0-1-chat-xml")).ExitCode);
        Assert.Contains("PAUSED (paused by operator)", (await _cli.RunAsync("command", "/sources")).Out, StringComparison.Ordinal);
        _time.Advance(TimeSpan.FromMinutes(16));
        await _cli.RunAsync("run", "--once");
        Assert.Equal(3, Polls("/chat.xml"));
        Assert.Equal(0, (await _cli.RunAsync("command", "/source resume 127-0-0-1-chat-xml")).ExitCode);
        await _cli.RunAsync("run", "--once");
        Assert.Equal(4, Polls("/chat.xml"));

        var remove = await _cli.RunAsync("command", "/source remove 127-0-0-1-chat-xml");
        Assert.Equal(0, remove.ExitCode);
        _time.Advance(TimeSpan.FromMinutes(16));
        Assert.Equal(0, (await _cli.RunAsync("run", "--once")).ExitCode);
        Assert.Equal(4, Polls("/chat.xml"));
        Assert.DoesNotContain("chat-xml", (await _cli.RunAsync("command", "/sources")).Out, StringComparison.Ordinal);
        Assert.Equal(1, (await _cli.RunAsync("command", "/source remove 127-0-0-1-chat-xml")).ExitCode);
    }

    [Fact]
    public async Task A_private_network_address_is_refused_unless_private_networks_are_allowed()
    {
        _cli.Settings["BorderAlert:Fetch:AllowPrivateNetworks"] = "false";
        var refused = await _cli.RunAsync("command", $"/source add {ChatUrl}");
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("Not added", refused.Out, StringComparison.Ordinal);
        Assert.Contains("AllowPrivateNetworks", refused.Out, StringComparison.Ordinal);
        Assert.Equal(0, Polls("/chat.xml")); // refused before any request
        Assert.DoesNotContain("chat-xml", (await _cli.RunAsync("command", "/sources")).Out, StringComparison.Ordinal);

        _cli.Settings["BorderAlert:Fetch:AllowPrivateNetworks"] = "true";
        Assert.Equal(0, (await _cli.RunAsync("command", $"/source add {ChatUrl}")).ExitCode);
    }

    [Fact]
    public async Task Web_pages_and_bad_arguments_are_refused_in_plain_words()
    {
        _server.Map("/page", async c =>
        {
            c.Response.ContentType = "text/html";
            await Microsoft.AspNetCore.Http.HttpResponseWritingExtensions.WriteAsync(c.Response,
                $"<html><head><link rel=\"alternate\" type=\"application/rss+xml\" href=\"{ChatUrl}\"></head><body></body></html>");
        });
        var page = await _cli.RunAsync("command", $"/source add {_server.Url("/page")}");
        Assert.Equal(1, page.ExitCode);
        Assert.Contains($"web page (HTML), not an RSS, Atom or JSON feed; the page advertises this feed: {ChatUrl}", page.Out, StringComparison.Ordinal);
        Assert.Contains("is not an http or https address", (await _cli.RunAsync("command", "/source add ftp://x.example/feed")).Out, StringComparison.Ordinal);
        Assert.Contains("from 1 to 1440", (await _cli.RunAsync("command", $"/source add {ChatUrl} 0")).Out, StringComparison.Ordinal);
        Assert.Contains("Unknown action", (await _cli.RunAsync("command", "/source rename x")).Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_the_bot_admins_named_for_their_platform_may_manage_sources()
    {
        _cli.Settings["BorderAlert:Admins:Telegram:0"] = "7";
        _cli.Settings["BorderAlert:Admins:Discord:0"] = "900000000000000001";
        var builder = AppHost.CreateBuilder(new CliContext { Overrides = _cli.Settings, ConfigureServices = _cli.ConfigureServices }, LogLevel.Warning);
        using var host = builder.Build();
        AppHost.ValidateOptions(host.Services);
        await AppHost.OpenStoreAsync(host.Services, default);
        var commands = host.Services.GetRequiredService<ICommandService>();
        Task<CommandReply> Add(CommandCaller caller) => commands.ExecuteAsync(new ChatCommand("source", ["add", ChatUrl], caller), default);

        // A group admin is not a bot admin; the same id on another platform is not either; nor is a chat speaking for itself.
        var groupAdmin = await Add(new CommandCaller("telegram", "42", "-100123", IsPrivateChat: false, IsAdmin: true, "Group admin"));
        Assert.True(groupAdmin.IsError);
        Assert.Contains("bot's admins", groupAdmin.ToPlainText(), StringComparison.Ordinal);
        Assert.True((await Add(new CommandCaller("discord", "7", "55", IsPrivateChat: false, IsAdmin: true))).IsError);
        Assert.True((await Add(new CommandCaller("telegram", "7", "-100123", IsPrivateChat: false, IsAdmin: true, SpeaksForChat: true))).IsError);
        Assert.Equal(0, Polls("/chat.xml"));

        var admin = await Add(new CommandCaller("telegram", "7", "7", IsPrivateChat: true, IsAdmin: true, "Aigerim"));
        Assert.False(admin.IsError, admin.ToPlainText());
        var list = await commands.ExecuteAsync(new ChatCommand("sources", [], new CommandCaller("discord", "5", "55", false, false)), default);
        Assert.Contains("added by telegram:7 (Aigerim)", list.ToPlainText(), StringComparison.Ordinal);
        var remove = await commands.ExecuteAsync(new ChatCommand("source", ["remove", "127-0-0-1-chat-xml"], new CommandCaller("discord", "900000000000000001", "55", false, false)), default);
        Assert.False(remove.IsError, remove.ToPlainText());
    }
}
