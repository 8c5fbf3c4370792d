namespace BorderAlertBot.Core.Delivery;

/// <summary>
/// This process as the owner of leases: one id for its lifetime, unique across hosts and restarts
/// (a restarted process never inherits the fencing tokens of its predecessor).
/// </summary>
public sealed class InstanceIdentity
{
    public InstanceIdentity()
    {
        Host = Environment.MachineName;
        ProcessId = Environment.ProcessId;
        Id = $"{Host}:{ProcessId}:{Guid.NewGuid():N}";
    }

    public string Id { get; }
    public string Host { get; }
    public long ProcessId { get; }
}
