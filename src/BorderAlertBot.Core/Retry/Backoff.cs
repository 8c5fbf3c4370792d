namespace BorderAlertBot.Core.Retry;

/// <summary>
/// The one exponential backoff of the bot: the wait after the n-th failure in a row is
/// <see cref="First"/> × 2^(n−1), never more than <see cref="Max"/>. Feeds that fail, deliveries a
/// chat refused, reconnects to Telegram and Discord, muting a flooder: all wait this way, so "how long
/// until it tries again" has one answer.
/// </summary>
public readonly record struct Backoff(TimeSpan First, TimeSpan Max)
{
    /// <summary>The wait after <paramref name="failures"/> failures in a row (1 or more; 0 waits nothing).</summary>
    public TimeSpan After(int failures) => Capped(Uncapped(failures));

    /// <summary>
    /// <see cref="After(int)"/> scaled by a random factor in [0.5, 1) before the cap: many clients that
    /// failed together (every bot after a platform outage) do not all come back in the same second, and
    /// once the cap is reached they retry at about the cap.
    /// </summary>
    public TimeSpan After(int failures, Random random) => Capped(Uncapped(failures) * (0.5 + random.NextDouble() / 2));

    // In doubles, with the exponent bounded, so a long run of failures neither overflows nor loops.
    private double Uncapped(int failures) =>
        failures <= 0 || First <= TimeSpan.Zero ? 0 : First.Ticks * Math.Pow(2, Math.Min(failures - 1, 62));

    private TimeSpan Capped(double ticks) => ticks >= Max.Ticks ? Max : TimeSpan.FromTicks((long)ticks);
}
