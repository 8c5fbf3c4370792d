using System.Globalization;
using BorderAlertBot.Core.Storage;

namespace BorderAlertBot.Feeds.Polling;

/// <summary>
/// Whether the scheduler is alive: the last completed poll pass (the store's "last_poll_utc") must be
/// younger than four check intervals, at least two minutes. One rule for the `health` verb and /readyz.
/// </summary>
public static class PollHeartbeat
{
    public const string Key = "last_poll_utc";

    public static TimeSpan Limit(PollingOptions options) =>
        TimeSpan.FromTicks(Math.Max(TimeSpan.FromMinutes(2).Ticks, options.CheckInterval.Ticks * 4));

    /// <summary>(healthy, a sentence saying why).</summary>
    public static async Task<(bool Healthy, string Description)> CheckAsync(IKeyValueStore store, PollingOptions options, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var limit = Limit(options);
        string? value = await store.GetValueAsync(Key, cancellationToken);
        if (value is null || !DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var last))
            return (false, "no poll pass has completed yet");
        var age = now - last;
        return (age <= limit, FormattableString.Invariant($"last poll pass {age.TotalSeconds:0} s ago (limit {limit.TotalSeconds:0} s)"));
    }
}
