using BorderAlertBot.Core.Delivery;
using BorderAlertBot.Core.Intake;
using BorderAlertBot.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using System.Net.Http.Json;
using Xunit;

namespace BorderAlertBot.Tests.Delivery;

/// <summary>
/// One owner for a platform's command intake: two instances on one store, each with its own clock (a
/// frozen clock is a frozen process). The second takes over when the first stops renewing, and the
/// first stops its intake as soon as it sees the lease gone.
/// </summary>
public sealed class IntakeOwnershipTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2025, 3, 14, 12, 0, 0, TimeSpan.Zero);
    private readonly TestStore _db = new();

    public void Dispose() => _db.Dispose();

    private IntakeOwnership Ownership(InstanceIdentity identity, TimeProvider time) =>
        new(_db.Store, identity, Options.Create(new InstanceOptions()), time, NullLogger<IntakeOwnership>.Instance);

    [Fact]
    public async Task One_instance_polls_and_another_takes_over_when_it_stops_renewing()
    {
        var clockA = new FakeTimeProvider(Start);
        var clockB = new FakeTimeProvider(Start);
        var a = new Intake();
        var b = new Intake();
        using var stop = new CancellationTokenSource();
        var runA = Ownership(new InstanceIdentity(), clockA).RunOwnedAsync("telegram", a.RunAsync, stop.Token);
        await a.Started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var runB = Ownership(new InstanceIdentity(), clockB).RunOwnedAsync("telegram", b.RunAsync, stop.Token);

        // "b" asks every heartbeat interval and is refused while "a" holds the lease.
        for (int i = 0; i < 2; i++)
        {
            clockB.Advance(TimeSpan.FromSeconds(10));
            clockA.Advance(TimeSpan.FromSeconds(10)); // "a" renews
            await Task.Delay(50);
        }
        Assert.False(b.Started.Task.IsCompleted);
        Assert.Equal(1, a.Runs);

        // "a" freezes (its clock stops): past its lease "b" takes the intake over…
        for (int i = 0; i < 4 && !b.Started.Task.IsCompleted; i++)
        {
            clockB.Advance(TimeSpan.FromSeconds(10));
            await Task.Delay(50);
        }
        await b.Started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        // …and "a", when it wakes, finds the lease gone and stops polling at its next renewal.
        clockA.Advance(TimeSpan.FromSeconds(10));
        await a.Stopped.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.False(b.Stopped.Task.IsCompleted);
        Assert.Equal(0, Intake.Overlap(a, b, clockB.GetUtcNow()));

        await stop.CancelAsync();
        await Task.WhenAll(runA, runB).WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task The_fake_bot_api_refuses_two_long_polls_at_once_as_telegram_does()
    {
        await using var telegram = await FakeTelegramServer.StartAsync();
        using var http = new HttpClient();
        var url = $"{telegram.ApiBaseUrl}/bot{FakeTelegramServer.Token}/getUpdates";
        var first = http.PostAsync(url, JsonContent.Create(new { timeout = 20 }));
        await WaitForAsync(() => telegram.Requests.Count(r => r.Method == "getUpdates") == 1);
        var second = http.PostAsync(url, JsonContent.Create(new { timeout = 1 }));
        using var refused = await first.WaitAsync(TimeSpan.FromSeconds(15)); // ended by the newer poll, long before its timeout
        Assert.Equal(System.Net.HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("terminated by other getUpdates request", await refused.Content.ReadAsStringAsync());
        using var answered = await second.WaitAsync(TimeSpan.FromSeconds(15));
        Assert.Equal(System.Net.HttpStatusCode.OK, answered.StatusCode);
        Assert.Equal(1, telegram.GetUpdatesConflicts);
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition did not hold within 30 s");
            await Task.Delay(10);
        }
    }

    /// <summary>An intake that runs until its token is cancelled, remembering when.</summary>
    private sealed class Intake
    {
        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource Stopped { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public int Runs;

        public async Task RunAsync(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Runs);
            Started.TrySetResult();
            try { await Task.Delay(Timeout.Infinite, cancellationToken); }
            catch (OperationCanceledException) { }
            Stopped.TrySetResult();
        }

        /// <summary>How many of the two run now (after the handover only one may).</summary>
        public static int Overlap(Intake x, Intake y, DateTimeOffset _) =>
            (x.Started.Task.IsCompleted && !x.Stopped.Task.IsCompleted ? 1 : 0) + (y.Started.Task.IsCompleted && !y.Stopped.Task.IsCompleted ? 1 : 0) - 1;
    }
}
