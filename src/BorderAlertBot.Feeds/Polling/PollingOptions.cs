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

    /// <summary>Seen items are remembered this long (an item that reappears after it is new again); feeds rarely keep items for months.</summary>
    [Range(typeof(TimeSpan), "7.00:00:00", "3650.00:00:00")]
    public TimeSpan SeenRetention { get; set; } = TimeSpan.FromDays(180);

    /// <summary>Finished deliveries are kept this long for /status and debugging.</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "3650.00:00:00")]
    public TimeSpan DeliveryRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How many due feeds one claim takes from the store.</summary>
    [Range(1, 100_000)]
    public int ClaimBatch { get; set; } = 1000;

    /// <summary>How long a claimed feed stays reserved for the poll that took it.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "01:00:00")]
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(10);
}
