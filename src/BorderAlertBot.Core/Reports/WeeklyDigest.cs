using System.Globalization;
using BorderAlertBot.Core.Alerts;
using BorderAlertBot.Core.Delivery;
using BorderAlertBot.Core.Storage;
using Microsoft.Extensions.Logging;

namespace BorderAlertBot.Core.Reports;

/// <summary>
/// The weekly digest picture of chats that turned it on (/settings weekly on): once their local Monday
/// 09:00 has passed, the map and the trend of the past seven days with three lines (most severe event,
/// number of incidents, places most reported). Run often (hourly, by a Quartz job); each run posts to the
/// chats whose latest Monday 09:00 has no post yet.
///
/// Why not through the outbox like alerts: an outbox row is an alert × destination, stored as the alert's
/// JSON and rendered at send time; a digest is two rendered pictures that exist for one chat only, and
/// carrying them would need a new kind of row in both schemas. Instead the week is claimed in the store
/// before sending (<see cref="ISettingsStore.TryAdvanceValueAsync"/>: one atomic statement, so two
/// instances, a restart or an overlapping run never post one week twice) and handed to the platform's
/// sink directly. A send that can be retried gives the claim back, so the next run tries again; a crash
/// between claim and send loses that week's post rather than risking a second one.
/// </summary>
public sealed partial class WeeklyDigest(IDestinationStore destinations, IAlertStore alerts, ISettingsStore values, IIncidentPictures pictures,
    IEnumerable<IChatSink> sinks, TimeProvider time, ILogger<WeeklyDigest> logger)
{
    public const string KeyPrefix = "weekly:";
    public static readonly TimeOnly PostAt = new(9, 0);
    public const int Days = 7;

    /// <summary>Posts every digest that is due now; returns how many went out.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        int sent = 0;
        foreach (var record in await destinations.GetDestinationsAsync(cancellationToken))
        {
            if (record is not { Status: DestinationStatus.Active, Settings.Weekly: true }) continue;
            var offset = TimeSpan.FromHours(record.Settings.UtcOffsetHours);
            var due = LatestDue(now, offset);
            // Turned on (or changed) after this week's time: the first post is next Monday's.
            if (record.UpdatedUtc > due) continue;
            if (sinks.FirstOrDefault(s => s.Platform == record.Destination.Platform) is not { } sink) continue;
            string key = KeyPrefix + record.Destination.Key;
            string week = due.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            string? previous = await values.GetValueAsync(key, cancellationToken);
            if (!await values.TryAdvanceValueAsync(key, week, cancellationToken)) continue; // posted already, here or elsewhere
            if (await PostAsync(sink, record.Destination, now, offset, cancellationToken)) sent++;
            else await values.SetValueAsync(key, previous ?? "", CancellationToken.None); // give the week back: the next run retries
        }
        return sent;
    }

    /// <summary>The latest local Monday 09:00 at or before <paramref name="now"/>, in UTC.</summary>
    public static DateTimeOffset LatestDue(DateTimeOffset now, TimeSpan offset)
    {
        var local = now.ToOffset(offset);
        var monday = DateOnly.FromDateTime(local.DateTime).AddDays(-(((int)local.DayOfWeek + 6) % 7));
        var due = new DateTimeOffset(monday.ToDateTime(PostAt), offset);
        return (due > local ? due.AddDays(-7) : due).ToUniversalTime();
    }

    /// <summary>The digest text: a title and the three summary lines.</summary>
    public static string Text(IncidentReport report) =>
        string.Create(CultureInfo.InvariantCulture, $"Weekly border digest, {report.LocalDay(report.FromUtc):yyyy-MM-dd} to {report.LocalDay(report.ToUtc):yyyy-MM-dd}\n")
        + string.Join("\n", IncidentSummary.Lines(report));

    private async Task<bool> PostAsync(IChatSink sink, Destination destination, DateTimeOffset now, TimeSpan offset, CancellationToken cancellationToken)
    {
        var report = await IncidentReport.LoadAsync(alerts, now, Days, cancellationToken, offset: offset);
        // A quiet week is news too, but an empty chart is not: the words alone say it.
        IReadOnlyList<Attachment> files = report.Incidents.Count == 0 ? [] : [pictures.Map(report), pictures.Trend(report)];
        var result = await sink.SendPicturesAsync(destination, Text(report), files, cancellationToken);
        if (result.Outcome == DeliveryOutcome.Sent) LogPosted(logger, destination.Key, report.Incidents.Count);
        else LogNotPosted(logger, destination.Key, result.Error ?? "", result.Outcome == DeliveryOutcome.Retry);
        return result.Outcome != DeliveryOutcome.Retry;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Weekly digest posted to {Destination} ({Incidents} incidents)")]
    private static partial void LogPosted(ILogger logger, string destination, int incidents);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Weekly digest to {Destination} not posted: {Reason} (tried again next run: {WillRetry})")]
    private static partial void LogNotPosted(ILogger logger, string destination, string reason, bool willRetry);
}
