using System.ComponentModel.DataAnnotations;

namespace BorderAlertBot.Hosting;

/// <summary>
/// BorderAlert:Scheduler — the cluster-wide Quartz scheduler. With PostgreSQL its nodes check in to the
/// database; a node silent for CheckinInterval + CheckinMisfireThreshold is dead and its jobs run elsewhere.
/// </summary>
public sealed class SchedulerOptions
{
    public const string Section = "BorderAlert:Scheduler";

    /// <summary>How often this instance tells the other nodes it is alive (PostgreSQL only).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan CheckinInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long past a missed check-in the others wait before taking a node's jobs over.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:30:00")]
    public TimeSpan CheckinMisfireThreshold { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// A cluster job's schedule by job name, replacing its default: a period ("01:00:00") or a Quartz cron
    /// expression ("0 0 9 ? * MON"), e.g. BorderAlert__Scheduler__Jobs__prune=06:00:00.
    /// </summary>
    public Dictionary<string, string> Jobs { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}
