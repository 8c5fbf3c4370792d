using System.Collections.Concurrent;
using BorderAlertBot.Charts;
using BorderAlertBot.Core.Commands;
using BorderAlertBot.Core.Delivery;
using BorderAlertBot.Core.Reports;
using BorderAlertBot.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace BorderAlertBot.Tests.Reports;

/// <summary>The weekly digest picture: /settings weekly on, then once per local Monday 09:00, never twice (a restart, a second instance), on a fake clock over a real SQLite store.</summary>
public class WeeklyDigestTests : IDisposable
{
    // Sunday 2025-03-16 20:00 UTC = Monday 02:00 in Bishkek (UTC+6).
    private static readonly DateTimeOffset Sunday = new(2025, 3, 16, 20, 0, 0, TimeSpan.Zero);
    private static readonly Destination Group = new("telegram:-100555");
    private readonly TestStore _db = new();
    private readonly FakeTimeProvider _time = new(Sunday.AddDays(-6)); // the Monday before, 20:00 UTC: after its 09:00 local
    private readonly RecordingSink _sink = new();

    public void Dispose() => _db.Dispose();

    private sealed class RecordingSink : IChatSink
    {
        public ConcurrentQueue<(Destination Destination, string Text, IReadOnlyList<Attachment> Pictures)> Posts { get; } = new();
        public DeliveryResult Next { get; set; } = DeliveryResult.Sent("1");
        public string Platform => "telegram";
        public Task<DeliveryResult> SendAsync(DeliveryRequest request, CancellationToken cancellationToken) => throw new InvalidOperationException("no alerts here");

        public Task<DeliveryResult> SendPicturesAsync(Destination destination, string text, IReadOnlyList<Attachment> pictures, CancellationToken cancellationToken)
        {
            Posts.Enqueue((destination, text, pictures));
            return Task.FromResult(Next);
        }
    }

    /// <summary>A digest as one instance has it (a new one per "process": nothing is kept in memory between them).</summary>
    private WeeklyDigest NewInstance() => new(_db.Store.Destinations, _db.Store.Alerts, _db.Store.Settings, new IncidentPictures(TestPaths.Detector.Gazetteer),
        [_sink], _time, NullLogger<WeeklyDigest>.Instance);

    private async Task<CommandReply> SettingsAsync(string text, bool admin = true)
    {
        var parsed = CommandText.Parse(text)!.Value;
        return await RealCommands.Build(_db.Store, _time).ExecuteAsync(new ChatCommand(parsed.Name, parsed.Arguments, new CommandCaller("telegram", "7", "-100555", false, admin)), default);
    }

    private async Task SeedWeekAsync()
    {
        await _db.AddAsync(TestStore.Alert("w-1", "Exchange of fire near Vorukh", 4, at: Sunday.AddDays(-2), places: ("vorukh", "Vorukh")));
        await _db.AddAsync(TestStore.Alert("w-2", "Mortar shelling at Kok-Tash", 5, at: Sunday.AddDays(-3), places: ("kok-tash", "Kok-Tash")));
        await _db.AddAsync(TestStore.Alert("w-3", "Shots near Vorukh again", 3, at: Sunday.AddDays(-1), places: ("vorukh", "Vorukh")));
        await _db.AddAsync(TestStore.Alert("w-old", "Old clash", 5, at: Sunday.AddDays(-20), places: ("vorukh", "Vorukh")));
    }

    [Fact]
    public async Task Weekly_is_an_admin_setting_that_says_when_it_posts()
    {
        var refused = await SettingsAsync("/settings weekly on", admin: false);
        Assert.True(refused.IsError);
        var bad = await SettingsAsync("/settings weekly sometimes");
        Assert.Contains("weekly takes on or off", bad.Blocks[0]);
        var on = await SettingsAsync("/settings weekly on");
        Assert.False(on.IsError);
        Assert.Contains("weekly picture: Mondays 09:00 (UTC+6)", on.Blocks[0]);
        Assert.True((await _db.Store.Destinations.GetDestinationAsync(Group, default))!.Settings!.Weekly);
        var off = await SettingsAsync("/settings weekly off");
        Assert.Contains("weekly picture: off", off.Blocks[0]);
    }

    [Fact]
    public async Task Posts_once_at_local_monday_nine_with_map_trend_and_three_lines_and_never_twice()
    {
        await SeedWeekAsync();
        await SettingsAsync("/settings weekly on");
        _time.SetUtcNow(Sunday);
        Assert.Equal(0, await NewInstance().RunAsync(default)); // Monday 02:00 local: not yet

        _time.SetUtcNow(new DateTimeOffset(2025, 3, 17, 2, 59, 0, TimeSpan.Zero)); // 08:59 local
        Assert.Equal(0, await NewInstance().RunAsync(default));
        Assert.Empty(_sink.Posts);

        _time.SetUtcNow(new DateTimeOffset(2025, 3, 17, 3, 0, 0, TimeSpan.Zero)); // 09:00 local
        var first = NewInstance();
        Assert.Equal(1, await first.RunAsync(default));
        var (destination, text, pictures) = Assert.Single(_sink.Posts);
        Assert.Equal(Group, destination);
        var lines = text.Split('\n');
        Assert.Equal("Weekly border digest, 2025-03-11 to 2025-03-17", lines[0]);
        Assert.StartsWith("Most severe: severity 5, Mortar shelling at Kok-Tash", lines[1]);
        Assert.StartsWith("Incidents: 3 ", lines[2]);
        Assert.Equal("Places most reported: Vorukh (2), Kok-Tash (1).", lines[3]);
        Assert.Equal(["map.png", "trend.png"], pictures.Select(p => p.FileName));
        PngCheck.AssertPicture(pictures[0].Content, 900, 480);
        PngCheck.AssertPicture(pictures[1].Content, 900, 360);

        // The same run again, a restarted process, a second instance later that day: nothing more.
        Assert.Equal(0, await first.RunAsync(default));
        _time.Advance(TimeSpan.FromHours(5));
        Assert.Equal(0, await NewInstance().RunAsync(default));
        await Task.WhenAll(NewInstance().RunAsync(default), NewInstance().RunAsync(default));
        Assert.Single(_sink.Posts);

        // The next Monday 09:00 posts the next week.
        _time.SetUtcNow(new DateTimeOffset(2025, 3, 24, 3, 0, 0, TimeSpan.Zero));
        Assert.Equal(1, await NewInstance().RunAsync(default));
        Assert.Equal(2, _sink.Posts.Count);
    }

    [Fact]
    public async Task Two_instances_at_once_post_one_week_once()
    {
        await SeedWeekAsync();
        await SettingsAsync("/settings weekly on");
        _time.SetUtcNow(new DateTimeOffset(2025, 3, 17, 4, 0, 0, TimeSpan.Zero));
        var counts = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => NewInstance().RunAsync(default))));
        Assert.Equal(1, counts.Sum());
        Assert.Single(_sink.Posts);
    }

    [Fact]
    public async Task A_send_to_retry_gives_the_week_back_and_a_chat_turned_on_after_monday_waits_for_the_next()
    {
        await SeedWeekAsync();
        await SettingsAsync("/settings weekly on");
        _time.SetUtcNow(new DateTimeOffset(2025, 3, 17, 4, 0, 0, TimeSpan.Zero));
        _sink.Next = DeliveryResult.Retry("429");
        Assert.Equal(0, await NewInstance().RunAsync(default));
        _sink.Next = DeliveryResult.Sent("2");
        _time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(1, await NewInstance().RunAsync(default));
        Assert.Equal(2, _sink.Posts.Count);

        // Another chat turns it on on Wednesday: its first digest is the next Monday's, not at once.
        var other = new CommandCaller("telegram", "8", "-100666", false, true);
        _time.SetUtcNow(new DateTimeOffset(2025, 3, 19, 10, 0, 0, TimeSpan.Zero));
        await RealCommands.Build(_db.Store, _time).ExecuteAsync(new ChatCommand("settings", ["weekly", "on"], other), default);
        Assert.Equal(0, await NewInstance().RunAsync(default));
        _time.SetUtcNow(new DateTimeOffset(2025, 3, 24, 3, 30, 0, TimeSpan.Zero));
        Assert.Equal(2, await NewInstance().RunAsync(default)); // both chats
    }

    [Fact]
    public async Task A_quiet_week_is_said_in_words_without_pictures()
    {
        await SettingsAsync("/settings weekly on");
        _time.SetUtcNow(new DateTimeOffset(2025, 3, 17, 3, 0, 0, TimeSpan.Zero));
        Assert.Equal(1, await NewInstance().RunAsync(default));
        var post = Assert.Single(_sink.Posts);
        Assert.Empty(post.Pictures);
        Assert.Contains("Incidents: 0 ", post.Text);
    }

    [Theory]
    [InlineData("2025-03-17T02:59:00Z", 6, "2025-03-10T03:00:00Z")]
    [InlineData("2025-03-17T03:00:00Z", 6, "2025-03-17T03:00:00Z")]
    [InlineData("2025-03-16T23:00:00Z", -5, "2025-03-10T14:00:00Z")]
    [InlineData("2025-03-17T14:00:00Z", -5, "2025-03-17T14:00:00Z")]
    public void The_latest_due_time_is_local_monday_nine(string now, int offset, string expected) =>
        Assert.Equal(DateTimeOffset.Parse(expected), WeeklyDigest.LatestDue(DateTimeOffset.Parse(now), TimeSpan.FromHours(offset)));
}
