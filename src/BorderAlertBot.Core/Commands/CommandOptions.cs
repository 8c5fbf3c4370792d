using System.ComponentModel.DataAnnotations;

namespace BorderAlertBot.Core.Commands;

/// <summary>BorderAlert:Commands — abuse limits.</summary>
public sealed class CommandOptions
{
    public const string Section = "BorderAlert:Commands";

    [Range(1, 1000)]
    public int MaxSubscriptionsPerUser { get; set; } = 25;

    /// <summary>Commands one user may send per minute.</summary>
    [Range(1, 600)]
    public int RatePerMinute { get; set; } = 20;

    [Range(2, 200)]
    public int MaxKeywordLength { get; set; } = 64;
}
