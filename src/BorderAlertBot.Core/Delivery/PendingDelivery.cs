using BorderAlertBot.Core.Alerts;

namespace BorderAlertBot.Core.Delivery;

/// <summary>
/// A claimed delivery. <see cref="Digest"/>: held for a channel digest, to be sent together with the others due.
/// <see cref="LeaseOwner"/> and <see cref="LeaseVersion"/> are the claim's fencing token.
/// </summary>
public sealed record PendingDelivery(long Id, Destination Destination, Alert Alert, int Attempts, string? ReplyToMessageId, bool Digest = false,
    string LeaseOwner = "", long LeaseVersion = 0);
