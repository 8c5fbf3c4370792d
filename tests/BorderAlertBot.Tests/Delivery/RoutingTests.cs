using BorderAlertBot.Core.Alerts;
using BorderAlertBot.Core.Commands;
using BorderAlertBot.Core.Delivery;
using BorderAlertBot.Core.Storage;
using BorderAlertBot.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace BorderAlertBot.Tests.Delivery;

public class RoutingTests
{
    private static readonly DateTimeOffset Noon = new(2025, 3, 14, 6, 0, 0, TimeSpan.Zero); // 12:00 in Bishkek

    private static Alert VorukhMortars(int severity = 4) => TestStore.Alert("a-v", "Kyrgyz and Tajik border guards trade mortars fire near Ворух", severity,
        summary: "Mortars were used near the exclave.", at: Noon, places: ("vorukh", "Vorukh"));

    private static Subscription Sub(string user, string keyword, string? placeId = null, int min = 1) => new()
    {
        Platform = "telegram", UserId = user, Destination = new Destination("telegram-user:" + user),
        Keyword = keyword, MatchKey = Core.Detection.BorderDetector.Key(keyword), PlaceId = placeId, MinSeverity = min,
    };

    [Fact]
    public void Channels_by_settings_users_by_subscriptions_nobody_twice()
    {
        var alert = VorukhMortars();
        var channels = new[]
        {
            new ChannelRoute(new Destination("telegram:-1001"), ChannelSettings.Default with { MinSeverity = 3 }),
            new ChannelRoute(new Destination("telegram:-1002"), ChannelSettings.Default with { MinSeverity = 5 }),
        };
        var routed = new AlertRouter().Route(alert, channels, Noon);
        Assert.Equal([new Destination("telegram:-1001")], routed.Select(r => r.Destination));
        Assert.All(routed, r => Assert.False(r.Digest));

        var subscriptions = new[]
        {
            Sub("1", "Ворух", placeId: "vorukh"),
            Sub("2", "mortar"),
            Sub("3", "Isfara"),
            Sub("4", "vorukh", placeId: "vorukh"), Sub("4", "mortar"),   // two matches, one notification
            Sub("5", "mortar", min: 5),
        };
        var users = SubscriptionRouter.Match(alert, subscriptions, new HashSet<Destination>());
        Assert.Equal(["telegram-user:1", "telegram-user:2", "telegram-user:4"], users.Select(d => d.Key));

        var paused = SubscriptionRouter.Match(alert, subscriptions, new HashSet<Destination> { new("telegram-user:2") });
        Assert.DoesNotContain(new Destination("telegram-user:2"), paused);
    }

    [Fact]
    public void Quiet_hours_hold_alerts_below_severity_5_until_they_end()
    {
        var settings = ChannelSettings.Default with { QuietFromHour = 22, QuietToHour = 7, UtcOffsetHours = 6 };
        var night = new DateTimeOffset(2025, 3, 14, 17, 30, 0, TimeSpan.Zero); // 23:30 Bishkek
        Assert.Equal(new DateTimeOffset(2025, 3, 15, 1, 0, 0, TimeSpan.Zero), AlertRouter.HoldUntil(settings, VorukhMortars(4), night)); // 07:00 Bishkek
        Assert.Null(AlertRouter.HoldUntil(settings, VorukhMortars(5), night));
        Assert.Null(AlertRouter.HoldUntil(settings, VorukhMortars(4), Noon));
    }

    [Fact]
    public void Digest_mode_holds_until_the_next_slot()
    {
        var settings = ChannelSettings.Default with { DigestHours = 6, UtcOffsetHours = 6 };
        var at = new DateTimeOffset(2025, 3, 14, 8, 15, 0, TimeSpan.Zero); // 14:15 Bishkek → 18:00 Bishkek
        Assert.Equal(new DateTimeOffset(2025, 3, 14, 12, 0, 0, TimeSpan.Zero), AlertRouter.HoldUntil(settings, VorukhMortars(5), at));
    }

    [Fact]
    public async Task Held_alerts_are_sent_as_one_digest_when_due()
    {
        using var db = new TestStore();
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 3, 14, 17, 30, 0, TimeSpan.Zero));
        var release = new DateTimeOffset(2025, 3, 15, 1, 0, 0, TimeSpan.Zero);
        var channel = new Destination("console");
        await db.AddAsync(TestStore.Alert("a-1", "Road blocked near Vorukh", 3, "incident", time.GetUtcNow()), new RoutedDelivery(channel, true, release));
        await db.AddAsync(TestStore.Alert("a-2", "Stones thrown at Kok-Tash", 3, "incident", time.GetUtcNow()), new RoutedDelivery(channel, true, release));
        var sink = new RecordingSink();
        var dispatcher = new DeliveryDispatcher(db.Store.Outbox, [sink], Options.Create(new DispatcherOptions()), time, NullLogger<DeliveryDispatcher>.Instance);

        Assert.Equal(0, await dispatcher.DispatchDueAsync(default));
        Assert.Empty(sink.Sent);

        time.Advance(release - time.GetUtcNow());
        Assert.Equal(2, await dispatcher.DispatchDueAsync(default));
        var digest = Assert.Single(sink.Sent);
        Assert.Contains("Road blocked near Vorukh", digest.Alert.Summary);
        Assert.Contains("Stones thrown at Kok-Tash", digest.Alert.Summary);
        Assert.Equal(0, await db.Store.Outbox.CountPendingDeliveriesAsync(default));
    }

    private sealed class RecordingSink : IChatSink
    {
        public List<DeliveryRequest> Sent { get; } = [];
        public string Platform => "console";
        public Task<DeliveryResult> SendAsync(DeliveryRequest request, CancellationToken cancellationToken)
        {
            Sent.Add(request);
            return Task.FromResult(DeliveryResult.Sent("m" + Sent.Count));
        }
    }
}
