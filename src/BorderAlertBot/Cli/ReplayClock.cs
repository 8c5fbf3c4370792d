namespace BorderAlertBot.Cli;

/// <summary>A clock the demo sets by hand, so sample items are processed at the time they were published.</summary>
public sealed class ReplayClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public void Set(DateTimeOffset now) => _now = now;

    public override DateTimeOffset GetUtcNow() => _now;
}
