using BorderAlertBot.Core.Delivery;
using BorderAlertBot.Core.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using BorderAlertBot.Core.Retry;

namespace BorderAlertBot.Core.Commands;

/// <summary>What to do with a command that just arrived.</summary>
public enum FloodVerdict
{
    /// <summary>Within the limits: run it.</summary>
    Admit,
    /// <summary>The first command over a limit in this window: answer <see cref="FloodGuard.PleaseWait"/> instead of running it.</summary>
    Warn,
    /// <summary>Over a limit and already told, or muted: drop it without a word.</summary>
    Drop,
}

/// <summary>
/// Command limits, counted when a command arrives (not when it is answered, which in a busy group can
/// be a minute later): per speaker (<see cref="CommandOptions.RatePerMinute"/> in any sliding minute)
/// and, for commands sent in a group or server channel, per chat (<see cref="CommandOptions.ChatRatePerMinute"/>,
/// everyone together). Over a limit, the first command gets one "please wait" per minute and the rest
/// are dropped silently (debug log, counted). A speaker or chat that sends
/// <see cref="CommandOptions.MuteAfter"/> commands over its limit within a minute is muted: everything
/// from it is dropped for <see cref="CommandOptions.MuteDuration"/>, doubled for each further mute (at
/// most a day; a day without one starts over), and the admin destination is told, once per flooder.
/// In memory and per process: limits protect this process's sending, and they reset on restart.
/// </summary>
public sealed partial class FloodGuard(IOptions<CommandOptions> options, TimeProvider time, ILogger<FloodGuard> logger, IAdminNotifier? notifier = null, BotMetrics? metrics = null)
{
    public const string PleaseWait = "Too many commands: please wait a minute.";

    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan LongestMute = TimeSpan.FromDays(1);

    private readonly Lock _lock = new();
    private readonly Dictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);
    private long _admitted, _warned, _dropped, _muted;

    public long Admitted => Interlocked.Read(ref _admitted);
    public long Warned => Interlocked.Read(ref _warned);
    public long Dropped => Interlocked.Read(ref _dropped);
    public long Muted => Interlocked.Read(ref _muted);

    /// <summary>
    /// Counts a command from <paramref name="speaker"/> that arrived now. <paramref name="groupChat"/> is the
    /// group, channel or server channel it was sent in (null in a private chat, where the speaker is the chat).
    /// </summary>
    public FloodVerdict Check(Speaker speaker, string? groupChat)
    {
        var o = options.Value;
        FloodVerdict verdict;
        string? notice = null;
        lock (_lock)
        {
            var now = time.GetUtcNow();
            var who = BucketFor(speaker.Key);
            var room = groupChat is null ? null : BucketFor($"{speaker.Platform}:room:{groupChat}");
            if (who.MutedUntil > now || room?.MutedUntil > now) verdict = FloodVerdict.Drop;
            else
            {
                who.Prune(now);
                room?.Prune(now);
                var over = who.Arrivals.Count >= o.RatePerMinute ? who
                    : room is not null && room.Arrivals.Count >= o.ChatRatePerMinute ? room
                    : null;
                if (over is null)
                {
                    who.Arrivals.Enqueue(now);
                    room?.Arrivals.Enqueue(now);
                    verdict = FloodVerdict.Admit;
                }
                else
                {
                    over.Excess.Enqueue(now);
                    if (over.Excess.Count >= o.MuteAfter)
                    {
                        notice = Mute(over, now, o.MuteDuration);
                        metrics?.FloodMuted(speaker.Platform);
                        verdict = FloodVerdict.Drop;
                    }
                    else if (over.WarnedAt is not { } warned || now - warned >= Window)
                    {
                        over.WarnedAt = now;
                        verdict = FloodVerdict.Warn;
                    }
                    else verdict = FloodVerdict.Drop;
                }
            }
            if (_buckets.Count > 10_000) Forget(now);
        }

        if (verdict == FloodVerdict.Admit) Interlocked.Increment(ref _admitted);
        else if (verdict == FloodVerdict.Warn) Interlocked.Increment(ref _warned);
        else Interlocked.Increment(ref _dropped);
        metrics?.CommandArrived(speaker.Platform, verdict.ToString().ToLowerInvariant());
        if (verdict == FloodVerdict.Drop) LogDropped(logger, speaker.Key, groupChat ?? "private");
        if (notice is not null) _ = TellAdminAsync(notice);
        return verdict;
    }

    // Under the lock. Returns the admin notice when this flooder was never reported before.
    private string? Mute(Bucket bucket, DateTimeOffset now, TimeSpan first)
    {
        if (bucket.LastMuteEnd is { } end && now - end > LongestMute) bucket.Strikes = 0;
        var duration = new Backoff(first, LongestMute).After(bucket.Strikes + 1);
        bucket.Strikes++;
        bucket.MutedUntil = now + duration;
        bucket.LastMuteEnd = bucket.MutedUntil;
        int excess = bucket.Excess.Count;
        bucket.Excess.Clear();
        Interlocked.Increment(ref _muted);
        LogMuted(logger, bucket.Key, duration, excess);
        if (bucket.Reported) return null;
        bucket.Reported = true;
        return $"Commands from {Describe(bucket.Key)} are ignored for {Span(duration)}: {excess} over the limit within a minute. Further mutes of the same sender are not reported here.";
    }

    private static string Span(TimeSpan t) => t >= TimeSpan.FromHours(1) ? FormattableString.Invariant($"{t.TotalHours:0.#} hours")
        : t >= TimeSpan.FromMinutes(1) ? FormattableString.Invariant($"{t.TotalMinutes:0} minutes") : FormattableString.Invariant($"{t.TotalSeconds:0} seconds");

    private static string Describe(string key)
    {
        var parts = key.Split(':', 3);
        return parts.Length < 3 ? key : parts[1] switch
        {
            "user" => $"{parts[0]} user {parts[2]}",
            "chat" => $"{parts[0]} chat {parts[2]} (speaking as itself)",
            _ => $"everyone in {parts[0]} chat {parts[2]}",
        };
    }

    private async Task TellAdminAsync(string notice)
    {
        if (notifier is null) return; // the warning log above is the notice
        try { await notifier.NotifyAsync(notice, CancellationToken.None); }
        catch (Exception ex) { LogNoticeFailed(logger, ex); }
    }

    private Bucket BucketFor(string key)
    {
        if (!_buckets.TryGetValue(key, out var bucket)) _buckets[key] = bucket = new Bucket(key);
        return bucket;
    }

    /// <summary>Drops the state nothing depends on any more (no recent command, no mute within a day), so the table stays small.</summary>
    private void Forget(DateTimeOffset now)
    {
        foreach (var (key, bucket) in _buckets.ToList())
        {
            bucket.Prune(now);
            if (bucket.Arrivals.Count == 0 && bucket.Excess.Count == 0 && (bucket.LastMuteEnd is null || now - bucket.LastMuteEnd > LongestMute))
                _buckets.Remove(key);
        }
    }

    private sealed class Bucket(string key)
    {
        public string Key { get; } = key;
        public Queue<DateTimeOffset> Arrivals { get; } = new();
        public Queue<DateTimeOffset> Excess { get; } = new();
        public DateTimeOffset? WarnedAt { get; set; }
        public DateTimeOffset MutedUntil { get; set; }
        public DateTimeOffset? LastMuteEnd { get; set; }
        public int Strikes { get; set; }
        public bool Reported { get; set; }

        public void Prune(DateTimeOffset now)
        {
            while (Arrivals.Count > 0 && now - Arrivals.Peek() >= Window) Arrivals.Dequeue();
            while (Excess.Count > 0 && now - Excess.Peek() >= Window) Excess.Dequeue();
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Command from {Speaker} in {Chat} dropped: over the limit")]
    private static partial void LogDropped(ILogger logger, string speaker, string chat);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Key} muted for {Duration} after {Excess} commands over the limit within a minute")]
    private static partial void LogMuted(ILogger logger, string key, TimeSpan duration, int excess);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The admin could not be told about a mute")]
    private static partial void LogNoticeFailed(ILogger logger, Exception ex);
}
