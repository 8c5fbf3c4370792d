namespace BorderAlertBot.Core.Pipeline;

public sealed class PipelineOptions
{
    /// <summary>On a feed's first poll, items older than this are recorded as seen but not alerted.</summary>
    public TimeSpan BackfillWindow { get; set; } = TimeSpan.FromHours(24);
    /// <summary>An item with the same title as one seen in the same feed within this window is a repeat.</summary>
    public TimeSpan RepeatTitleWindow { get; set; } = TimeSpan.FromDays(3);
    /// <summary>Read the article page of thin relevant items (a headline, one line) before summarising.</summary>
    public bool FetchArticles { get; set; } = true;
}
