using System.ComponentModel.DataAnnotations;

namespace BorderAlertBot.Core.Commands;

/// <summary>BorderAlert:Commands — abuse limits.</summary>
public sealed class CommandOptions
{
    public const string Section = "BorderAlert:Commands";

    [Range(1, 1000)]
    public int MaxSubscriptionsPerUser { get; set; } = 25;

    /// <summary>Commands one speaker (a user, or a chat speaking as itself) may send per minute, counted on arrival.</summary>
    [Range(1, 600)]
    public int RatePerMinute { get; set; } = 20;

    /// <summary>Commands one group, channel or server channel may send per minute, all speakers together (Telegram answers at most 20 a minute in a group).</summary>
    [Range(1, 6000)]
    public int ChatRatePerMinute { get; set; } = 20;

    /// <summary>Commands over the limit within one minute that get the speaker (or chat) muted.</summary>
    [Range(1, 10000)]
    public int MuteAfter { get; set; } = 20;

    /// <summary>The first mute; each further one doubles it (at most a day). A day without a mute starts over.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan MuteDuration { get; set; } = TimeSpan.FromMinutes(5);

    [Range(2, 200)]
    public int MaxKeywordLength { get; set; } = 64;
}
