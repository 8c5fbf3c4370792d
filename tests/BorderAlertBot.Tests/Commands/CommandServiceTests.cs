using BorderAlertBot.Charts;
using BorderAlertBot.Core.Commands;
using BorderAlertBot.Core.Reports;
using BorderAlertBot.Core.Delivery;
using BorderAlertBot.Core.Items;
using BorderAlertBot.Core.Sources;
using BorderAlertBot.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using BorderAlertBot.Tests.Fakes;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Xunit;
using BorderAlertBot.Core.Alerts;
using BorderAlertBot.Core.Feeds;

namespace BorderAlertBot.Tests.Commands;

public class CommandServiceTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2025, 3, 14, 12, 0, 0, TimeSpan.Zero);
    private readonly TestStore _db = new();
    private readonly FakeTimeProvider _time = new(Now);
    private readonly ICommandService _service;

    public CommandServiceTests()
    {
        _service = Build(new CommandOptions { MaxSubscriptionsPerUser = 3, RatePerMinute = 50 });
    }

    /// <summary>The real dispatcher and handlers, wired as the host wires them, over the test store.</summary>
    private ICommandService Build(CommandOptions options) => new ServiceCollection()
        .AddSingleton<IStorage>(_db.Store).AddStoragePorts()
        .AddSingleton<ISourceVetter, NoVetting>().AddSingleton<SourceRegistry>()
        .AddSingleton(TestPaths.Detector).AddSingleton(Options.Create(options)).AddSingleton<TimeProvider>(_time)
        .AddSingleton<IIncidentPictures>(new IncidentPictures(TestPaths.Detector.Gazetteer))
        .AddChatCommands()
        .BuildServiceProvider().GetRequiredService<ICommandService>();

    public void Dispose() => _db.Dispose();

    /// <summary>/source add is driven end to end in SourceCommandTests; these tests never vet a source.</summary>
    private sealed class NoVetting : ISourceVetter
    {
        public Task<SourceVetting> VetAsync(Uri url, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("CommandServiceTests do not add sources");
    }

    private static CommandCaller User(string id = "42", bool admin = false, bool privateChat = true, string chat = "42") =>
        new("telegram", id, chat, privateChat, admin);

    private Task<CommandReply> Run(string text, CommandCaller? caller = null)
    {
        var parsed = CommandText.Parse(text, "BorderAlertBot")!.Value;
        return _service.ExecuteAsync(new ChatCommand(parsed.Name, parsed.Arguments, caller ?? User()), default);
    }

    private async Task SeedAsync()
    {
        await _db.AddAsync(TestStore.Alert("a-1", "Exchange of fire near Vorukh", 4, at: Now.AddHours(-5), places: ("vorukh", "Vorukh")));
        await _db.AddAsync(TestStore.Alert("a-2", "Checkpoint Kyzyl-Bel reopens", 2, "crossing", Now.AddHours(-3)));
        await _db.AddAsync(TestStore.Alert("a-3", "Mortar shelling at Kok-Tash", 5, at: Now.AddHours(-1), places: ("kok-tash", "Kok-Tash")));
    }

    [Fact]
    public async Task Help_lists_every_command()
    {
        var reply = await Run("/help");
        Assert.Equal(["latest", "search", "story", "why", "trend", "map", "subscribe", "unsubscribe", "subscriptions", "sources", "source", "status", "settings", "help"],
            _service.Commands.Select(c => c.Name));
        foreach (var c in _service.Commands) Assert.Contains("/" + c.Name, reply.Blocks[0]);
    }

    [Fact]
    public async Task Unknown_commands_and_missing_arguments_get_clear_errors()
    {
        var unknown = await Run("/frobnicate");
        Assert.True(unknown.IsError);
        Assert.Contains("/help", unknown.Blocks[0]);
        var missing = await Run("/search");
        Assert.True(missing.IsError);
        Assert.Contains("query", missing.Blocks[0]);
    }

    [Fact]
    public async Task Latest_returns_newest_first_with_a_count_and_a_place_in_any_script()
    {
        await SeedAsync();
        var latest = await Run("/latest 2");
        Assert.Equal(["a-3", "a-2"], latest.Cards.Select(c => c.Id));
        var near = await Run("/latest 5 Ворух");
        Assert.Equal("a-1", Assert.Single(near.Cards).Id);
        var unknown = await Run("/latest Atlantis");
        Assert.True(unknown.IsError);
    }

    [Fact]
    public async Task Search_finds_places_across_scripts_and_words_by_inflection()
    {
        await SeedAsync();
        Assert.Equal("a-1", Assert.Single((await Run("/search Ворух")).Cards).Id);
        Assert.Equal("a-1", Assert.Single((await Run("/search vorukh 3")).Cards).Id);
        Assert.Equal("a-3", Assert.Single((await Run("/search mortar")).Cards).Id);
        Assert.Empty((await Run("/search Isfara")).Cards);
    }

    [Fact]
    public async Task Story_and_why_explain()
    {
        await SeedAsync();
        var story = await Run("/story s-a-1");
        Assert.Contains("24.kg", story.Blocks[0]);
        var why = await Run("/why a-3");
        Assert.Contains("severity 5", why.Blocks[0]);
        Assert.Contains("names a border place", why.Blocks[0]);
        Assert.True((await Run("/why a-404")).IsError);
    }

    [Fact]
    public async Task Subscribe_stores_places_by_id_and_enforces_limits()
    {
        var reply = await Run("/subscribe Ворух");
        Assert.False(reply.IsError);
        Assert.True(reply.Ephemeral);
        var subs = await _db.Store.Subscriptions.GetSubscriptionsAsync("telegram", "42", default);
        var s = Assert.Single(subs);
        Assert.Equal("vorukh", s.PlaceId);
        Assert.Equal(new Destination("telegram-user:42"), s.Destination);

        Assert.Contains("already", (await Run("/subscribe ворух")).Blocks[0]);
        Assert.False((await Run("/subscribe mortar 4")).IsError);
        Assert.Equal(4, (await _db.Store.Subscriptions.GetSubscriptionsAsync("telegram", "42", default)).Single(x => x.Keyword == "mortar").MinSeverity);
        Assert.False((await Run("/subscribe checkpoint")).IsError);
        var tooMany = await Run("/subscribe treaty");
        Assert.True(tooMany.IsError);
        Assert.Contains("most allowed", tooMany.Blocks[0]);

        Assert.True((await Run("/subscribe @everyone")).IsError);
        Assert.True((await Run("/subscribe " + new string('x', 80))).IsError);
        Assert.True((await Run("/subscribe mortar 9")).IsError);

        Assert.Contains("Ворух", (await Run("/subscriptions")).Blocks[0]);
        Assert.False((await Run("/unsubscribe mortar")).IsError);
        Assert.True((await Run("/unsubscribe mortar")).IsError);
        Assert.Contains("Removed all 2", (await Run("/unsubscribe all")).Blocks[0]);
    }

    [Fact]
    public async Task Settings_are_admin_only_and_persist()
    {
        var group = User("7", admin: false, privateChat: false, chat: "-100123");
        var refused = await Run("/settings min-severity 4", group);
        Assert.True(refused.IsError);
        Assert.Contains("admins only", refused.Blocks[0]);

        var admin = group with { IsAdmin = true };
        Assert.False((await Run("/settings min-severity 4", admin)).IsError);
        Assert.False((await Run("/settings quiet 22-07", admin)).IsError);
        Assert.False((await Run("/settings categories armed_clash,incident", admin)).IsError);
        Assert.True((await Run("/settings categories bananas", admin)).IsError);
        Assert.True((await Run("/settings quiet 25-3", admin)).IsError);
        var saved = (await _db.Store.Destinations.GetDestinationAsync(new Destination("telegram:-100123"), default))!.Settings!;
        Assert.Equal(4, saved.MinSeverity);
        Assert.Equal(22, saved.QuietFromHour);
        Assert.Equal(["armed_clash", "incident"], saved.Categories);
    }

    [Fact]
    public async Task Sources_and_status_report_health()
    {
        await _db.Store.Feeds.SyncFeedsAsync(FeedOrigins.File("/c/feeds.json"), [new FeedDefinition("kg24", "24.kg", new Uri("https://24.kg/rss/"), "ru", TimeSpan.FromMinutes(10))], Now, default);
        await SeedAsync();
        Assert.Contains("24.kg (kg24)", (await Run("/sources")).Blocks[0]);
        var status = await Run("/status");
        Assert.Contains("Alerts in the last 24 h: 3", status.Blocks[0]);
    }

    [Fact]
    public async Task Users_are_rate_limited()
    {
        var limited = Build(new CommandOptions { RatePerMinute = 2 });
        var cmd = new ChatCommand("help", [], User());
        Assert.False((await limited.ExecuteAsync(cmd, default)).IsError);
        Assert.False((await limited.ExecuteAsync(cmd, default)).IsError);
        Assert.True((await limited.ExecuteAsync(cmd, default)).IsError);
        _time.Advance(TimeSpan.FromMinutes(1.1));
        Assert.False((await limited.ExecuteAsync(cmd, default)).IsError);
    }

    [Fact]
    public async Task A_duplicate_subscribe_at_the_cap_says_already_subscribed()
    {
        await Run("/subscribe Vorukh");
        await Run("/subscribe mortar");
        await Run("/subscribe checkpoint");
        var again = await Run("/subscribe Vorukh");
        Assert.False(again.IsError, again.Blocks[0]);
        Assert.Contains("already subscribed", again.Blocks[0], StringComparison.Ordinal);
        var fourth = await Run("/subscribe evacuation");
        Assert.True(fourth.IsError);
        Assert.Contains("the most allowed", fourth.Blocks[0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/search xxxx")]
    [InlineData("/subscribe xxxx")]
    [InlineData("/search Xx")]
    public async Task Letters_that_collapse_into_one_are_explained(string command)
    {
        var reply = await Run(command);
        Assert.True(reply.IsError);
        Assert.Contains("comes down to", reply.Blocks[0], StringComparison.Ordinal);
        Assert.DoesNotContain("at least two letters", reply.Blocks[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_query_of_one_letter_is_still_just_too_short()
    {
        var reply = await Run("/search x");
        Assert.True(reply.IsError);
        Assert.Contains("at least two letters", reply.Blocks[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replies_count_in_words_and_list_a_link_once()
    {
        var alert = TestStore.Alert("a-9", "Exchange of fire near Vorukh", 4, at: Now.AddHours(-1), places: ("vorukh", "Vorukh"));
        alert = alert with { Sources = [alert.Sources[0], alert.Sources[0] with { FeedId = "kg24-ru" }] }; // one article in two feeds
        await _db.AddAsync(alert);
        var latest = await Run("/latest");
        Assert.Equal("Latest 1 alert:", latest.Blocks[0]);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(latest.ToPlainText(), "https://24.kg/a-9"));
        Assert.StartsWith("1 story about", (await Run("/search Vorukh")).Blocks[0], StringComparison.Ordinal);
    }
}
