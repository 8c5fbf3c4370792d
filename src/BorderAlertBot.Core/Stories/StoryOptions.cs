namespace BorderAlertBot.Core.Stories;

/// <summary>How long a story stays open to new reports, by kind of event, and the wording thresholds.</summary>
public sealed class StoryOptions
{
    public const string Section = "BorderAlert:Stories";

    /// <summary>Slow events (talks, blockades, water and land disputes, crossings, security measures): how long after a story's latest report another may still join it.</summary>
    [System.ComponentModel.DataAnnotations.Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan JoinWindow { get; set; } = TimeSpan.FromDays(4);
    /// <summary>Clashes and incidents: hours, not days; a new act in the same place days later is a new event.</summary>
    [System.ComponentModel.DataAnnotations.Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan ClashWindow { get; set; } = TimeSpan.FromHours(18);
    /// <summary>Follow-ups of a clash that carry its toll or evacuation (the toll is often revised the next days).</summary>
    [System.ComponentModel.DataAnnotations.Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan FollowUpWindow { get; set; } = TimeSpan.FromHours(72);
    /// <summary>A ceasefire or withdrawal this soon after a clash's latest report is a change of its status; later it is its own (related) story.</summary>
    [System.ComponentModel.DataAnnotations.Range(typeof(TimeSpan), "00:00:00", "30.00:00:00")]
    public TimeSpan StatusWindow { get; set; } = TimeSpan.FromHours(8);
    /// <summary>How far back a new story looks for the stories it follows from (a ceasefire after a clash).</summary>
    [System.ComponentModel.DataAnnotations.Range(typeof(TimeSpan), "00:00:00", "90.00:00:00")]
    public TimeSpan RelatedWindow { get; set; } = TimeSpan.FromDays(7);
    /// <summary>At most one update alert per story in this window, unless severity rises or the status changes.</summary>
    [System.ComponentModel.DataAnnotations.Range(typeof(TimeSpan), "00:00:00", "7.00:00:00")]
    public TimeSpan UpdateInterval { get; set; } = TimeSpan.FromMinutes(30);
    /// <summary>MinHash similarity at which two reports are the same wording.</summary>
    [System.ComponentModel.DataAnnotations.Range(0.0, 1.0)]
    public double SameTextSimilarity { get; set; } = 0.5;
    /// <summary>Lower similarity that, with a shared district, region or sector, still means the same event.</summary>
    [System.ComponentModel.DataAnnotations.Range(0.0, 1.0)]
    public double RelatedTextSimilarity { get; set; } = 0.12;
}
