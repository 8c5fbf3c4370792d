using BorderAlertBot.Core.Alerts;

namespace BorderAlertBot.Core.Delivery;

/// <summary>One chat platform at the edge. A sink sends; the dispatcher decides when and records outcomes.</summary>
public interface IChatSink
{
    /// <summary>The platform this sink serves: the <see cref="Destination.Platform"/> of its destinations.</summary>
    string Platform { get; }

    Task<DeliveryResult> SendAsync(DeliveryRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// How many messages this platform lets the bot send to <paramref name="destination"/> within
    /// <paramref name="window"/>. The dispatcher claims no more than that under one lease, so a lease
    /// covers only what can really be in flight.
    /// </summary>
    int Capacity(Destination destination, TimeSpan window) => int.MaxValue;

    /// <summary>A plain-text notice from the bot itself (to the operator: a feed deactivated, gone stale).</summary>
    Task<DeliveryResult> SendNoticeAsync(Destination destination, string text, CancellationToken cancellationToken) =>
        Task.FromResult(DeliveryResult.Failed($"{Platform} does not take notices"));
}

/// <summary>
/// One alert to one destination. <see cref="DeliveryId"/> is stable across retries and restarts (sinks use
/// it for idempotency nonces); <see cref="ReplyToMessageId"/> is the platform id of the story's first
/// message in this destination, when there is one, so updates thread onto it.
/// </summary>
public sealed record DeliveryRequest(long DeliveryId, Destination Destination, Alert Alert, string? ReplyToMessageId, int Attempt);

public enum DeliveryOutcome { Sent, Retry, Failed }

/// <summary>
/// What a sink reports. <see cref="DestinationState"/> tells the dispatcher to pause (the user blocked the
/// bot, DMs closed: their subscriptions pause too) or disable (chat not found, no access) the
/// destination, so nothing more is sent there; <see cref="MovedTo"/> re-targets it (a Telegram group that
/// became a supergroup) and the delivery is resent there.
/// </summary>
public sealed record DeliveryResult(DeliveryOutcome Outcome, string? MessageId = null, string? Error = null, TimeSpan? RetryAfter = null,
    Destination? MovedTo = null, DestinationStatus? DestinationState = null)
{
    public static DeliveryResult Sent(string? messageId) => new(DeliveryOutcome.Sent, messageId);
    public static DeliveryResult Retry(string error, TimeSpan? after = null) => new(DeliveryOutcome.Retry, Error: error, RetryAfter: after);
    /// <summary>Permanent: the destination will not take it. Not retried.</summary>
    public static DeliveryResult Failed(string error, DestinationStatus? destinationState = null) => new(DeliveryOutcome.Failed, Error: error, DestinationState: destinationState);
    /// <summary>The chat moved: this delivery is done here and resent to <paramref name="to"/>.</summary>
    public static DeliveryResult Moved(Destination to, string reason) => new(DeliveryOutcome.Failed, Error: reason, MovedTo: to);
}

public enum DestinationStatus { Active, Paused, Disabled }
