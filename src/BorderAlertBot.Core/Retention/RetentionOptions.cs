using System.ComponentModel.DataAnnotations;

namespace BorderAlertBot.Core.Retention;

/// <summary>
/// BorderAlert:Retention — how long the store keeps what it records, so its size follows these windows and
/// not the bot's age. A seen item is kept while its feed still lists it, however old; once it has left the
/// feed's window it is forgotten when older than <see cref="ItemHorizon"/> (it cannot come back as new: a
/// dated item that reappears after that is older than the horizon and is recorded without an alert).
/// </summary>
public sealed class RetentionOptions
{
    public const string Section = "BorderAlert:Retention";

    /// <summary>A seen item its feed no longer lists is forgotten once first seen this long ago.</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "3650.00:00:00")]
    public TimeSpan ItemHorizon { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Alerts are kept this long, and a story until its last alert is gone and its last report is this old.</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "36500.00:00:00")]
    public TimeSpan Alerts { get; set; } = TimeSpan.FromDays(365);

    /// <summary>Finished deliveries (sent or failed) are kept this long; pending ones are never deleted.</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "3650.00:00:00")]
    public TimeSpan Deliveries { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How often the store is pruned.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Rows deleted per statement: short writes, so polls and deliveries never wait long behind a prune.</summary>
    [Range(100, 100_000)]
    public int BatchSize { get; set; } = 5000;

    /// <summary>
    /// A still-listed item's "last listed" time is rewritten at most this often (not on every poll: that would
    /// be a write per listed item per poll); an item counts as gone from its feed when its last-listed time is
    /// older than its feed's latest fetch by more than this.
    /// </summary>
    public TimeSpan ListedRefresh => ItemHorizon / 2;
}
