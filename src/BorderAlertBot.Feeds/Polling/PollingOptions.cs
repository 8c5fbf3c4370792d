using System.ComponentModel.DataAnnotations;

namespace BorderAlertBot.Feeds.Polling;

/// <summary>BorderAlert:Polling — when feeds are polled and when the bot gives up on one.</summary>
public sealed class PollingOptions
{
    public const string Section = "BorderAlert:Polling";

    /// <summary>How often the scheduler looks for due feeds.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Each poll is moved by up to this fraction of the feed's interval, so feeds do not all fire together.</summary>
    [Range(0.0, 0.5)]
    public double Jitter { get; set; } = 0.1;

    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromDays(1);

    /// <summary>A feed failing without a success for this long is deactivated and the admin told.</summary>
    [Range(typeof(TimeSpan), "00:10:00", "365.00:00:00")]
    public TimeSpan DeactivateAfter { get; set; } = TimeSpan.FromDays(3);

    /// <summary>A feed that published nothing new for this long is reported stale.</summary>
    [Range(typeof(TimeSpan), "01:00:00", "365.00:00:00")]
    public TimeSpan StaleAfter { get; set; } = TimeSpan.FromDays(14);

    /// <summary>Superseded by BorderAlert:Retention:ItemHorizon, which it stands for when that is not set (older configurations keep working).</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "3650.00:00:00")]
    public TimeSpan? SeenRetention { get; set; }

    /// <summary>Superseded by BorderAlert:Retention:Deliveries, which it stands for when that is not set.</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "3650.00:00:00")]
    public TimeSpan? DeliveryRetention { get; set; }

    /// <summary>How many due feeds one claim takes from the store.</summary>
    [Range(1, 100_000)]
    public int ClaimBatch { get; set; } = 1000;

    /// <summary>How long a claimed feed stays reserved for the poll that took it.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "01:00:00")]
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(10);
}
