using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using BorderAlertBot.Core.Commands;
using BorderAlertBot.Core.Delivery;
using BorderAlertBot.Core.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace BorderAlertBot.Tests.Commands;

/// <summary>Limits counted on arrival, on a fake clock: per speaker, per group chat, one warning a minute, growing mutes.</summary>
public class FloodGuardTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 3, 14, 12, 0, 0, TimeSpan.Zero));
    private readonly CommandOptions _options = new() { RatePerMinute = 3, ChatRatePerMinute = 5, MuteAfter = 4, MuteDuration = TimeSpan.FromMinutes(5) };
    private readonly ConcurrentQueue<string> _notices = new();
    private readonly FloodGuard _guard;

    public FloodGuardTests() => _guard = new FloodGuard(Options.Create(_options), _time, NullLogger<FloodGuard>.Instance, new Notifier(_notices));

    private static readonly Speaker Aibek = Speaker.Person("telegram", "7");
    private static readonly Speaker Dilnoza = Speaker.Person("telegram", "8");

    private FloodVerdict[] Send(Speaker speaker, int count, string? chat = "-100500") =>
        Enumerable.Range(0, count).Select(_ => _guard.Check(speaker, chat)).ToArray();

    [Fact]
    public void Over_the_limit_the_first_command_is_warned_the_rest_dropped_and_a_minute_later_all_is_well()
    {
        Assert.Equal([FloodVerdict.Admit, FloodVerdict.Admit, FloodVerdict.Admit, FloodVerdict.Warn, FloodVerdict.Drop], Send(Aibek, 5));
        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal([FloodVerdict.Drop], Send(Aibek, 1)); // still the same minute: no second warning
        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal([FloodVerdict.Admit, FloodVerdict.Admit, FloodVerdict.Admit, FloodVerdict.Warn], Send(Aibek, 4));
        Assert.Equal((6, 2, 2), (_guard.Admitted, _guard.Warned, _guard.Dropped));
        Assert.Empty(_notices);
    }

    [Fact]
    public void A_group_has_its_own_limit_over_all_its_speakers_and_a_private_chat_has_none()
    {
        Assert.Equal([FloodVerdict.Admit, FloodVerdict.Admit, FloodVerdict.Admit], Send(Aibek, 3));
        Assert.Equal([FloodVerdict.Admit, FloodVerdict.Admit, FloodVerdict.Warn, FloodVerdict.Drop], Send(Dilnoza, 4));
        Assert.Equal([FloodVerdict.Drop], Send(Speaker.Person("telegram", "9"), 1)); // the group was warned already
        Assert.Equal([FloodVerdict.Admit], Send(Speaker.Person("telegram", "9"), 1, chat: null));
        Assert.Equal([FloodVerdict.Admit], Send(Dilnoza, 1, chat: "-100600"));
    }

    [Fact]
    public void Two_chats_speaking_as_themselves_are_two_speakers()
    {
        Assert.Equal([FloodVerdict.Admit, FloodVerdict.Admit, FloodVerdict.Admit, FloodVerdict.Warn], Send(Speaker.Chat("telegram", "-100601"), 4, "-100601"));
        Assert.Equal([FloodVerdict.Admit], Send(Speaker.Chat("telegram", "-100602"), 1, "-100602"));
        Assert.Equal([FloodVerdict.Admit], Send(Speaker.Person("telegram", "-100601"), 1, chat: null)); // a person is never a chat
    }

    [Fact]
    public async Task A_persistent_flooder_is_muted_for_a_growing_period_and_the_admin_is_told_once()
    {
        // 3 admitted, then 4 over the limit in the minute: muted for 5 minutes.
        Assert.Equal([FloodVerdict.Admit, FloodVerdict.Admit, FloodVerdict.Admit, FloodVerdict.Warn, FloodVerdict.Drop, FloodVerdict.Drop, FloodVerdict.Drop], Send(Aibek, 7));
        Assert.Equal(1, _guard.Muted);
        _time.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal([FloodVerdict.Drop], Send(Aibek, 1, chat: null)); // muted everywhere
        Assert.Equal([FloodVerdict.Admit], Send(Dilnoza, 1));          // nobody else is
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal([FloodVerdict.Admit], Send(Aibek, 1, chat: null)); // the mute is over

        // Again: 10 minutes this time, and the admin hears nothing new.
        _time.Advance(TimeSpan.FromMinutes(1));
        Send(Aibek, 7, chat: null);
        Assert.Equal(2, _guard.Muted);
        _time.Advance(TimeSpan.FromMinutes(9));
        Assert.Equal([FloodVerdict.Drop], Send(Aibek, 1, chat: null));
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal([FloodVerdict.Admit], Send(Aibek, 1, chat: null));

        await WaitForAsync(() => !_notices.IsEmpty);
        var notice = Assert.Single(_notices);
        Assert.Contains("telegram user 7", notice, StringComparison.Ordinal);
        Assert.Contains("5 minutes", notice, StringComparison.Ordinal);
    }

    [Fact]
    public void A_flooding_group_is_muted_as_a_whole()
    {
        _options.RatePerMinute = 100;
        Assert.Equal(5, Send(Aibek, 5).Count(v => v == FloodVerdict.Admit));
        Send(Dilnoza, 4);
        Assert.Equal(1, _guard.Muted);
        Assert.Equal([FloodVerdict.Drop], Send(Speaker.Person("telegram", "9"), 1));
        Assert.Equal([FloodVerdict.Admit], Send(Aibek, 1, chat: null));
    }

    [Fact]
    public void Verdicts_and_mutes_are_counted_in_the_bot_metrics()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var metrics = new BotMetrics(services.GetRequiredService<IMeterFactory>());
        var counted = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) => { if (ReferenceEquals(instrument.Meter, metrics.Meter)) l.EnableMeasurementEvents(instrument); };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            string verdict = "";
            foreach (var tag in tags) if (tag.Key == "verdict") verdict = "/" + tag.Value;
            counted.AddOrUpdate(instrument.Name + verdict, value, (_, sum) => sum + value);
        });
        listener.Start();
        var guard = new FloodGuard(Options.Create(_options), _time, NullLogger<FloodGuard>.Instance, metrics: metrics);

        for (int i = 0; i < 7; i++) guard.Check(Aibek, "-100500");

        Assert.Equal(3, counted["borderalert.commands/admit"]);
        Assert.Equal(1, counted["borderalert.commands/warn"]);
        Assert.Equal(3, counted["borderalert.commands/drop"]);
        Assert.Equal(1, counted["borderalert.commands.mutes"]);
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition() && DateTime.UtcNow < deadline) await Task.Delay(10);
    }

    private sealed class Notifier(ConcurrentQueue<string> notices) : IAdminNotifier
    {
        public Task NotifyAsync(string message, CancellationToken cancellationToken)
        {
            notices.Enqueue(message);
            return Task.CompletedTask;
        }
    }
}
