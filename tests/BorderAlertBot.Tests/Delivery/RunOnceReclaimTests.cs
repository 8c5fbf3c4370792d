using System.Diagnostics;
using BorderAlertBot.Core.Delivery;
using BorderAlertBot.Core.Storage;
using BorderAlertBot.Storage.Sqlite;
using BorderAlertBot.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace BorderAlertBot.Tests.Delivery;

/// <summary>
/// `run --once` after a process died holding claims (the kill -9 case): it takes them over — at once when
/// the dead process ran on this host, after the heartbeat expires when it ran elsewhere — and sends all.
/// </summary>
public sealed class RunOnceReclaimTests : IAsyncLifetime
{
    private FeedServer _server = null!;
    private readonly CliRunner _cli = new();
    private readonly LogCapture _log = new();

    public async Task InitializeAsync()
    {
        _server = await FeedServer.StartAsync();
        _server.MapFeed("/feed.xml", () => RssBuilder.Build("quiet", []));
        _cli.FeedsFile(("quiet", _server.Url("/feed.xml")));
        _cli.Settings["Logging:LogLevel:Default"] = "Information";
        _cli.ConfigureServices = s => s.AddSingleton<ILoggerProvider>(_log);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _cli.Dispose();
    }

    /// <summary>Three pending alerts claimed (for two minutes) by <paramref name="dead"/>, whose last heartbeat lasts until <paramref name="expires"/>.</summary>
    private async Task SeedClaimedByAsync(InstanceRecord dead, DateTimeOffset expires)
    {
        Assert.Equal(0, (await _cli.RunAsync("feeds", "list")).ExitCode); // creates the store
        using var store = new SqliteAlertStore(_cli.Settings["BorderAlert:Storage:ConnectionString"]!);
        var now = DateTimeOffset.UtcNow;
        for (int i = 1; i <= 3; i++)
        {
            var alert = TestStore.Alert("a-" + i, "Clash near Vorukh " + i, at: now);
            var item = new Core.Items.NewsItem { FeedId = "quiet", Key = "k" + i, Title = alert.Headline, Link = alert.PrimaryUrl };
            await store.CommitAsync(new ItemBatch("quiet", now, [new ProcessedItem(item, null, alert, [new RoutedDelivery(Destination.Console)])]), default);
        }
        await store.HeartbeatAsync(dead, now, expires, default);
        Assert.Equal(3, (await store.ClaimDueDeliveriesAsync(dead.Id, null, now, now.AddMinutes(2), 10, default)).Count);
    }

    [Fact]
    public async Task Claims_of_a_killed_process_on_this_host_are_sent_at_once()
    {
        // A process of this host that has exited: its pid names no running process (or a newer one).
        using var gone = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        await gone.WaitForExitAsync();
        var started = DateTimeOffset.UtcNow.AddMinutes(-1);
        await SeedClaimedByAsync(new InstanceRecord($"{Environment.MachineName}:{gone.Id}:dead", Environment.MachineName, gone.Id, started), DateTimeOffset.UtcNow.AddMinutes(5));

        var stopwatch = Stopwatch.StartNew();
        var run = await _cli.RunAsync("run", "--once");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(3, run.JsonLines.Count);
        Assert.Contains("3 deliveries completed (3 sent, 0 failed, 0 pending)", _log.Text);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(30), $"took {stopwatch.Elapsed}");
    }

    [Fact]
    public async Task Claims_of_a_silent_instance_elsewhere_are_sent_once_its_heartbeat_expires()
    {
        var now = DateTimeOffset.UtcNow;
        await SeedClaimedByAsync(new InstanceRecord("elsewhere:1:dead", "another-host", 1, now.AddMinutes(-1)), now.AddSeconds(3));

        var run = await _cli.RunAsync("run", "--once");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(3, run.JsonLines.Count); // it waited for the expiry instead of reporting nothing to send
        Assert.Contains("3 deliveries completed (3 sent, 0 failed, 0 pending)", _log.Text);
    }

    [Fact]
    public async Task Claims_of_a_live_instance_are_left_to_it_and_reported()
    {
        var now = DateTimeOffset.UtcNow;
        await SeedClaimedByAsync(new InstanceRecord("elsewhere:2:alive", "another-host", 2, now), now.AddMinutes(10));

        var run = await _cli.RunAsync("run", "--once");
        Assert.Equal(0, run.ExitCode); // nothing it could have sent
        Assert.Empty(run.JsonLines);
        Assert.Contains("0 deliveries completed (0 sent, 0 failed, 3 pending: 3 held by a live instance's lease)", _log.Text);
    }

    [Fact]
    public void Pending_deliveries_are_explained()
    {
        var now = new DateTimeOffset(2025, 3, 14, 12, 0, 0, TimeSpan.Zero);
        PendingState P(long id, DateTimeOffset next, string? error = null, string? owner = null, DateTimeOffset? until = null, DateTimeOffset? beat = null, DateTimeOffset? expires = null) =>
            new(id, new Destination("telegram:-1"), next, error, owner, until, beat, expires);
        var report = PendingReport.From(
        [
            P(1, now.AddMinutes(10), "Telegram: Too Many Requests: retry after 600"),
            P(2, now.AddMinutes(10), "Telegram: Too Many Requests: retry after 600"),
            P(3, now, owner: "live", until: now.AddMinutes(2), beat: now, expires: now.AddSeconds(30)),
            P(4, now, owner: "stale", until: now.AddMinutes(2), beat: now.AddSeconds(-25), expires: now.AddSeconds(5)),
            P(5, now, owner: "dead", until: now.AddMinutes(2), beat: now.AddSeconds(-40), expires: now.AddSeconds(-10)),
            P(6, now.AddHours(3)),
        ], now, new InstanceOptions());
        Assert.Equal((6, 1, 2, 3), (report.Total, report.Sendable, report.HeldByLive, report.Waiting));
        Assert.Equal(now, report.NextChangeUtc); // the dead owner's claim is free now
        Assert.Equal(["1 due and not yet sent (the wait ran out)", "2 held by a live instance's lease",
            "2 retry later: Telegram: Too Many Requests: retry after 600", "1 scheduled (a digest or a quiet hour)"], report.Reasons);

        var later = PendingReport.From([P(4, now, owner: "stale", until: now.AddMinutes(2), beat: now.AddSeconds(-25), expires: now.AddSeconds(5))], now, new InstanceOptions());
        Assert.Equal(now.AddSeconds(5), later.NextChangeUtc); // a silent owner is expected to expire
        Assert.Null(PendingReport.From([P(3, now, owner: "live", until: now.AddMinutes(2), beat: now, expires: now.AddSeconds(30))], now, new InstanceOptions()).NextChangeUtc);
    }
}
