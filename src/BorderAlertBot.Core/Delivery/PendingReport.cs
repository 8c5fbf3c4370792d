using System.Globalization;
using BorderAlertBot.Core.Storage;

namespace BorderAlertBot.Core.Delivery;

/// <summary>
/// Why deliveries are still pending, in groups a person can act on: due and free (this process could
/// send them now), held by a live instance (it is sending them), or waiting for a retry time (a rate
/// limit, a chat that refused, a digest hour). <see cref="NextChangeUtc"/> is when one of them may
/// become sendable here: a retry coming due, a claim whose owner stopped renewing its heartbeat.
/// </summary>
public sealed record PendingReport(int Total, int Sendable, int HeldByLive, int Waiting, DateTimeOffset? NextChangeUtc, IReadOnlyList<string> Reasons)
{
    public static readonly PendingReport Empty = new(0, 0, 0, 0, null, []);

    /// <param name="instances">How often live owners beat: one that stopped renewing is expected to expire.</param>
    public static PendingReport From(IReadOnlyList<PendingState> pending, DateTimeOffset now, InstanceOptions instances)
    {
        // A live owner beats every interval, so its expiry is always more than (expiry − interval) away.
        var staleBeat = instances.HeartbeatInterval * 2;
        var minRemaining = instances.HeartbeatExpiry - instances.HeartbeatInterval * 1.5;
        int sendable = 0, live = 0, waiting = 0;
        DateTimeOffset? next = null;
        var errors = new Dictionary<string, int>(StringComparer.Ordinal);
        void Next(DateTimeOffset at) => next = next is { } n && n <= at ? n : at;
        foreach (var p in pending)
        {
            bool leased = p.LeaseOwner is not null && p.LeaseUntilUtc is { } until && until >= now && !(p.OwnerExpiresUtc is { } dead && dead < now);
            if (leased)
            {
                live++;
                // A registered owner that stopped renewing is likely dead: its claims come back at its expiry.
                if (p.OwnerExpiresUtc is { } expires && p.OwnerHeartbeatUtc is { } beat && (now - beat > staleBeat || expires - now < minRemaining)) Next(Min(expires, p.LeaseUntilUtc!.Value));
                else if (p.OwnerExpiresUtc is null) Next(p.LeaseUntilUtc!.Value);
            }
            else if (p.NextAttemptUtc <= now) { sendable++; Next(now); }
            else
            {
                waiting++;
                Next(p.NextAttemptUtc);
                string why = p.LastError is { Length: > 0 } e ? "retry later: " + Shorten(e) : "scheduled (a digest or a quiet hour)";
                errors[why] = errors.GetValueOrDefault(why) + 1;
            }
        }
        var reasons = new List<string>();
        if (sendable > 0) reasons.Add(Count(sendable, "due and not yet sent (the wait ran out)"));
        if (live > 0) reasons.Add(Count(live, "held by a live instance's lease"));
        reasons.AddRange(errors.OrderByDescending(e => e.Value).Take(3).Select(e => Count(e.Value, e.Key)));
        return new PendingReport(pending.Count, sendable, live, waiting, next, reasons);
    }

    private static string Count(int n, string what) => n.ToString(CultureInfo.InvariantCulture) + " " + what;
    private static string Shorten(string s) => s.Length <= 120 ? s : s[..119] + "…";
    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
