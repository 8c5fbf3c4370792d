using BorderAlertBot.Core.Alerts;

namespace BorderAlertBot.Core.Delivery;

/// <summary>A claimed delivery. <see cref="Digest"/>: held for a channel digest, to be sent together with the others due.</summary>
public sealed record PendingDelivery(long Id, Destination Destination, Alert Alert, int Attempts, string? ReplyToMessageId, bool Digest = false);
