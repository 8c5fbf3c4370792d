using BorderAlertBot.Core.Delivery;
using BorderAlertBot.Core.Storage;
using BorderAlertBot.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace BorderAlertBot.Tests.Delivery;

/// <summary>Claims with a fake clock: sized to the destination's rate, renewed while a send waits, fenced when they pass to another instance.</summary>
public sealed class DispatcherLeaseTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2025, 3, 14, 12, 0, 0, TimeSpan.Zero);
    private static readonly Destination Group = new("telegram:-100");
    private readonly TestStore _db = new();
    private readonly FakeTimeProvider _time = new(Start);

    public void Dispose() => _db.Dispose();

    private DeliveryDispatcher Dispatcher(IChatSink sink, InstanceIdentity identity) =>
        new(_db.Store, [sink], Options.Create(new DispatcherOptions()), _time, NullLogger<DeliveryDispatcher>.Instance, instance: identity);

    private Task Beat(InstanceIdentity identity) =>
        _db.Store.HeartbeatAsync(new InstanceRecord(identity.Id, identity.Host, identity.ProcessId, Start), _time.GetUtcNow(), _time.GetUtcNow().AddSeconds(30), default);

    private async Task AddAlertsAsync(int count)
    {
        for (int i = 1; i <= count; i++)
            await _db.AddAsync(TestStore.Alert("a-" + i, "Clash " + i, at: Start), new RoutedDelivery(Group));
    }

    [Fact]
    public async Task A_claim_that_passed_to_another_instance_is_neither_marked_nor_resent_by_the_first()
    {
        await AddAlertsAsync(2);
        InstanceIdentity a = new(), b = new();
        await Beat(a);
        var slow = new HeldSink();
        var first = Dispatcher(slow, a).DispatchAsync(default);
        await slow.Entered.Task.WaitAsync(TimeSpan.FromSeconds(30)); // "a" is sending the first, and then stalls

        // "a" stops beating (a pause, a partition); past its expiry "b" takes both claims over and sends them.
        _time.Advance(TimeSpan.FromSeconds(31));
        await Beat(b);
        var fast = new HeldSink();
        fast.Release.SetResult();
        var second = await Dispatcher(fast, b).DispatchAsync(default);
        Assert.Equal(2, second.Sent);

        // "a"'s send returns: its outcome is not recorded, and its second claim is not sent at all.
        slow.Release.SetResult();
        var totals = await first.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(0, totals.Sent);
        Assert.Equal(2, totals.LeasesLost);
        Assert.Equal(1, slow.Sends);
        Assert.Equal(2, fast.Sends);
        Assert.Equal(0, await _db.Store.CountPendingDeliveriesAsync(default));
    }

    [Fact]
    public async Task Claims_are_sized_to_the_destinations_rate_and_renewed_while_a_send_waits()
    {
        await AddAlertsAsync(5);
        InstanceIdentity a = new(), b = new();
        await Beat(a);
        await Beat(b);
        var slow = new HeldSink { PerWindow = 2 };
        var run = Dispatcher(slow, a).DispatchAsync(default);
        await slow.Entered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        // Only what the rate lets out within half a lease is claimed; the rest is free for others.
        var pending = await _db.Store.GetPendingDeliveriesAsync(_time.GetUtcNow(), 10, default);
        Assert.Equal(2, pending.Count(p => p.LeaseOwner == a.Id));

        // The send waits (a rate limit, a 429) past the lease's end while "a" is alive: its claims are renewed, so "b" takes nothing of them.
        for (int i = 0; i < 6; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(30));
            await Beat(a);
            await WaitForAsync(async () => (await _db.Store.GetPendingDeliveriesAsync(_time.GetUtcNow(), 10, default))
                .Where(p => p.LeaseOwner == a.Id).All(p => p.LeaseUntilUtc > _time.GetUtcNow().AddSeconds(60)));
        }
        var other = new HeldSink();
        var taken = await _db.Store.ClaimDueDeliveriesAsync(b.Id, Group, _time.GetUtcNow(), _time.GetUtcNow().AddMinutes(2), 10, default);
        Assert.Equal(3, taken.Count); // the three "a" never claimed
        foreach (var d in taken) Assert.True(await _db.Store.CompleteDeliveryAsync(d, DeliveryResult.Sent("b"), _time.GetUtcNow(), null, default));

        slow.Release.SetResult();
        var totals = await run.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(2, totals.Sent);
        Assert.Equal(0, totals.LeasesLost);
        Assert.Equal(0, await _db.Store.CountPendingDeliveriesAsync(default));
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition did not hold within 30 s");
            await Task.Delay(10);
        }
    }

    /// <summary>A Telegram-like sink whose sends wait until released.</summary>
    private sealed class HeldSink : IChatSink
    {
        private int _sends;
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public int Sends => _sends;
        public int PerWindow { get; init; } = int.MaxValue;
        public string Platform => "telegram";
        public int Capacity(Destination destination, TimeSpan window) => PerWindow;

        public async Task<DeliveryResult> SendAsync(DeliveryRequest request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _sends);
            Entered.TrySetResult();
            await Release.Task;
            return DeliveryResult.Sent("m-" + request.DeliveryId);
        }
    }
}
