using BorderAlertBot.Core.Alerts;

namespace BorderAlertBot.Core.Delivery;

/// <summary>One chat platform at the edge. A sink sends; the dispatcher decides when and records outcomes.</summary>
public interface IChatSink
{
    /// <summary>The destination prefix this sink serves: "console", "telegram", "discord".</summary>
    string Platform { get; }

    Task<DeliveryResult> SendAsync(DeliveryRequest request, CancellationToken cancellationToken);
}

/// <summary>
/// One alert to one destination. <see cref="DeliveryId"/> is stable across retries and restarts (sinks use
/// it for idempotency nonces); <see cref="ReplyToMessageId"/> is the platform id of the story's first
/// message in this destination, when there is one, so updates thread onto it.
/// </summary>
public sealed record DeliveryRequest(long DeliveryId, Destination Destination, Alert Alert, string? ReplyToMessageId, int Attempt);

public enum DeliveryOutcome { Sent, Retry, Failed }

public sealed record DeliveryResult(DeliveryOutcome Outcome, string? MessageId = null, string? Error = null, TimeSpan? RetryAfter = null, Destination? MovedTo = null)
{
    public static DeliveryResult Sent(string? messageId) => new(DeliveryOutcome.Sent, messageId);
    public static DeliveryResult Retry(string error, TimeSpan? after = null) => new(DeliveryOutcome.Retry, Error: error, RetryAfter: after);
    /// <summary>Permanent: the destination will not take it (blocked, not found). Not retried.</summary>
    public static DeliveryResult Failed(string error) => new(DeliveryOutcome.Failed, Error: error);
}
