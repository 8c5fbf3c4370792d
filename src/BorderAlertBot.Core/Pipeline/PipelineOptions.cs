using System.ComponentModel.DataAnnotations;

namespace BorderAlertBot.Core.Pipeline;

/// <summary>BorderAlert:Pipeline — what a feed's first poll alerts and what counts as a repeat.</summary>
public sealed class PipelineOptions
{
    public const string Section = "BorderAlert:Pipeline";

    /// <summary>On a feed's first poll, items older than this are recorded as seen but not alerted.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "36500.00:00:00")]
    public TimeSpan BackfillWindow { get; set; } = TimeSpan.FromHours(24);
    /// <summary>An item with the same title as one seen in the same feed within this window is a repeat.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "365.00:00:00")]
    public TimeSpan RepeatTitleWindow { get; set; } = TimeSpan.FromDays(3);
    /// <summary>Read the article page of thin relevant items (a headline, one line) before summarising.</summary>
    public bool FetchArticles { get; set; } = true;
}
