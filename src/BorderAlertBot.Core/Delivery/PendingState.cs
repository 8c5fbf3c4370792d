namespace BorderAlertBot.Core.Delivery;

/// <summary>
/// A pending delivery's state: when it may next be tried, its last error, and the lease on it with its
/// owner's heartbeat (null when the owner is not a registered instance).
/// </summary>
public sealed record PendingState(long Id, Destination Destination, DateTimeOffset NextAttemptUtc, string? LastError,
    string? LeaseOwner, DateTimeOffset? LeaseUntilUtc, DateTimeOffset? OwnerHeartbeatUtc, DateTimeOffset? OwnerExpiresUtc);
