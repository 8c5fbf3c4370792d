using System.Globalization;
using BorderAlertBot.Core.Storage;
using BorderAlertBot.Core.Alerts;
using BorderAlertBot.Core.Delivery;
using BorderAlertBot.Core.Feeds;

namespace BorderAlertBot.Core.Commands.Handlers;

/// <summary>/status: uptime, the last poll, how many feeds are active, alerts in the last day and the delivery queue.</summary>
public sealed class StatusCommand(ISettingsStore values, IFeedStore feedStore, IAlertStore alerts, IOutbox outbox, TimeProvider time) : ICommandHandler
{
    private readonly DateTimeOffset _started = time.GetUtcNow();

    public CommandInfo Info { get; } = new("status", "Uptime, last poll, alerts in the last 24 hours, queue", []);

    public async Task<CommandReply> HandleAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        string? lastPoll = await values.GetValueAsync(StoredKeys.LastPollUtc, cancellationToken);
        int recent = await alerts.CountAlertsSinceAsync(now.AddDays(-1), cancellationToken);
        int queue = await outbox.CountPendingDeliveriesAsync(cancellationToken);
        var feeds = await feedStore.GetFeedsAsync(cancellationToken);
        int active = feeds.Count(f => f.Active);
        var uptime = now - _started;
        string poll = DateTimeOffset.TryParse(lastPoll, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var lp)
            ? string.Create(CultureInfo.InvariantCulture, $"{ReplyFormat.Second(lp)} UTC ({(now - lp).TotalMinutes:0} min ago)") : "never";
        return CommandReply.Text(string.Create(CultureInfo.InvariantCulture,
            $"Up {(int)uptime.TotalHours} h {uptime.Minutes} min. Last poll: {poll}. Feeds active: {active} of {feeds.Count}{(active == 0 ? " (WARNING: nothing is being polled)" : "")}. Alerts in the last 24 h: {recent}. Deliveries queued: {queue}."));
    }
}
