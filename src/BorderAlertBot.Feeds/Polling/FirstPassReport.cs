using BorderAlertBot.Core.Storage;
using Microsoft.Extensions.Logging;

namespace BorderAlertBot.Feeds.Polling;

/// <summary>
/// After `run`'s first poll pass, one line that says how it went, so a bot without network (or with every
/// outlet down) does not look hung: how many feeds failed, one reason, and when it tries again.
/// </summary>
public sealed partial class FirstPassReport(IFeedStore feeds, ILogger<FirstPassReport> logger)
{
    private int _reported;

    public async Task AfterPassAsync(PollSummary summary, CancellationToken cancellationToken)
    {
        if (summary.Feeds == 0 || Interlocked.Exchange(ref _reported, 1) == 1) return;
        if (summary.Failed == 0)
        {
            LogAllRead(logger, summary.Feeds, summary.Items, summary.Alerts);
            return;
        }
        var failing = (await feeds.GetFeedsAsync(cancellationToken)).Where(f => f.ConsecutiveFailures > 0).ToList();
        var example = failing.FirstOrDefault();
        var retry = failing.Count > 0 ? failing.Min(f => f.BackoffUntilUtc ?? f.NextPollUtc) : DateTimeOffset.UtcNow;
        LogFailures(logger, summary.Failed, summary.Feeds, example is null ? "" : $" (e.g. {example.Id}: {example.LastError})",
            retry.UtcDateTime.ToString("HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "First poll pass: all {Feeds} feeds read, {Items} new items, {Alerts} alerts; polling goes on")]
    private static partial void LogAllRead(ILogger logger, int feeds, int items, int alerts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "First poll pass: {Failed} of {Feeds} feeds failed{Example}; the bot keeps trying, the first retry at {Retry} and then with backoff (no network? `feeds list` shows each feed's error)")]
    private static partial void LogFailures(ILogger logger, int failed, int feeds, string example, string retry);
}
