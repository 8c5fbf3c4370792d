namespace BorderAlertBot.Core.Delivery;

/// <summary>BorderAlert:Instance — how often this process tells the database it is alive, and when silence means dead.</summary>
public sealed class InstanceOptions
{
    public const string Section = "BorderAlert:Instance";

    [System.ComponentModel.DataAnnotations.Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A process silent this long is dead: its claims on deliveries, feeds and chat intake are free.</summary>
    [System.ComponentModel.DataAnnotations.Range(typeof(TimeSpan), "00:00:03", "00:30:00")]
    public TimeSpan HeartbeatExpiry { get; set; } = TimeSpan.FromSeconds(30);
}
