using System.Diagnostics.Metrics;
using BorderAlertBot.Core.Alerts;

namespace BorderAlertBot.Core.Telemetry;

/// <summary>
/// Every instrument the bot reports, in one place, so the names on /metrics are decided here and the code
/// where an event happens only calls one method. Instruments come from <see cref="IMeterFactory"/>, so each
/// host (and each test host) has its own meter; the exporter is told to take only this one.
/// Labels stay low-cardinality on purpose: no feed ids, chat ids or story ids.
/// </summary>
public sealed class BotMetrics
{
    public const string MeterName = "BorderAlertBot";

    private readonly Counter<long> _polls;
    private readonly Counter<long> _items;
    private readonly Counter<long> _alerts;
    private readonly Counter<long> _deliveries;
    private readonly Histogram<double> _deliveryLatency;
    private readonly Counter<long> _rateLimitWaits;
    private readonly Gauge<long> _outboxPending;
    private readonly Gauge<long> _feeds;
    private readonly Counter<long> _commands;
    private readonly Counter<long> _mutes;

    public BotMetrics(IMeterFactory meterFactory)
    {
        Meter = meterFactory.Create(MeterName);
        _polls = Meter.CreateCounter<long>("borderalert.feed.polls", description: "Feed fetches by outcome (ok, not_modified, failed).");
        _items = Meter.CreateCounter<long>("borderalert.items.seen", description: "Items read from feeds.");
        _alerts = Meter.CreateCounter<long>("borderalert.alerts", description: "Alerts created, by severity and category.");
        _deliveries = Meter.CreateCounter<long>("borderalert.deliveries", description: "Delivery attempts by platform and outcome (sent, retry, failed).");
        _deliveryLatency = Meter.CreateHistogram<double>("borderalert.delivery.latency", unit: "s",
            description: "From the alert's creation to the chat confirming it, by platform.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.5, 1, 2, 5, 10, 30, 60, 120, 300, 900, 3600] });
        _rateLimitWaits = Meter.CreateCounter<long>("borderalert.chat.rate_limit_waits", description: "Times a chat API said to wait (429), by platform.");
        _outboxPending = Meter.CreateGauge<long>("borderalert.outbox.pending", description: "Deliveries waiting in the outbox.");
        _feeds = Meter.CreateGauge<long>("borderalert.feeds", description: "Feeds by state (active, failing, inactive).");
        _commands = Meter.CreateCounter<long>("borderalert.commands", description: "Chat commands on arrival, by platform and the flood guard's verdict (admit, warn, drop).");
        _mutes = Meter.CreateCounter<long>("borderalert.commands.mutes", description: "Senders or chats muted for flooding, by platform.");
    }

    /// <summary>The meter these instruments belong to (the exporter filters on it).</summary>
    public Meter Meter { get; }

    public void FeedPolled(string outcome, int items)
    {
        _polls.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
        if (items > 0) _items.Add(items);
    }

    public void AlertsCreated(IEnumerable<Alert> alerts)
    {
        foreach (var a in alerts)
            _alerts.Add(1, new("severity", a.Severity), new("category", a.Category));
    }

    public void DeliveryFinished(string platform, string outcome, TimeSpan? sinceCreated)
    {
        _deliveries.Add(1, new("platform", platform), new("outcome", outcome));
        if (sinceCreated is { } latency && latency >= TimeSpan.Zero)
            _deliveryLatency.Record(latency.TotalSeconds, new KeyValuePair<string, object?>("platform", platform));
    }

    public void CommandArrived(string platform, string verdict) =>
        _commands.Add(1, new("platform", platform), new("verdict", verdict));

    public void FloodMuted(string platform) => _mutes.Add(1, new KeyValuePair<string, object?>("platform", platform));

    public void RateLimitWait(string platform) => _rateLimitWaits.Add(1, new KeyValuePair<string, object?>("platform", platform));

    /// <summary>Store-derived gauges, sampled when /metrics is read.</summary>
    public void StoreSampled(int outboxPending, int active, int failing, int inactive)
    {
        _outboxPending.Record(outboxPending);
        _feeds.Record(active, new KeyValuePair<string, object?>("state", "active"));
        _feeds.Record(failing, new KeyValuePair<string, object?>("state", "failing"));
        _feeds.Record(inactive, new KeyValuePair<string, object?>("state", "inactive"));
    }
}
