using System.Globalization;
using System.Net.Http.Headers;
using BorderAlertBot.Core.Telemetry;

namespace BorderAlertBot.Discord.Rest;

/// <summary>
/// Discord's rate limits, as documented: per-route buckets learned from X-RateLimit-Bucket/-Remaining/
/// -Reset-After (wait when Remaining is 0 until the reset), the global 50 requests per second, 429s
/// (global or per bucket), and a guard that stops sending long before the invalid-request ban
/// (10,000 responses 401/403/429 in 10 minutes; shared-scope 429s do not count).
/// </summary>
public sealed class DiscordRateLimiter(TimeProvider time, DiscordTuning tuning, BotMetrics? metrics = null)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, string> _bucketOfRoute = new(StringComparer.Ordinal);
    private readonly Dictionary<string, BucketState> _buckets = new(StringComparer.Ordinal);
    private readonly Queue<DateTimeOffset> _recentSends = new();
    private readonly Queue<DateTimeOffset> _invalid = new();
    private DateTimeOffset _globalBlockedUntil = DateTimeOffset.MinValue;
    private DateTimeOffset _unauthorizedUntil = DateTimeOffset.MinValue;

    /// <summary>After a 401 the token is bad: the docs ask to stop sending; we hold everything back this long.</summary>
    public static readonly TimeSpan UnauthorizedCooldown = TimeSpan.FromMinutes(10);

    private sealed class BucketState
    {
        public int? Remaining;
        public DateTimeOffset ResetAt = DateTimeOffset.MinValue;
    }

    /// <summary>Invalid responses counted in the current window (for tests and health).</summary>
    public int InvalidCount { get { lock (_lock) { Prune(time.GetUtcNow()); return _invalid.Count; } } }

    /// <summary>
    /// Waits until a request on <paramref name="route"/> may go, and reserves it. Returns null when it may,
    /// or how long until the invalid-request guard would allow one again (the caller must not send).
    /// </summary>
    public async Task<TimeSpan?> WaitTurnAsync(RestRoute route, CancellationToken cancellationToken)
    {
        while (true)
        {
            TimeSpan wait;
            lock (_lock)
            {
                var now = time.GetUtcNow();
                Prune(now);
                if (_invalid.Count >= tuning.InvalidRequestCeiling)
                    return _invalid.Peek() + tuning.InvalidRequestWindow - now;
                if (_unauthorizedUntil > now) return _unauthorizedUntil - now;
                var bucket = Bucket(route);
                // Interaction endpoints are not bound to the global limit.
                bool counted = !route.Key.Contains("/interactions/", StringComparison.Ordinal) && !route.Key.Contains("/webhooks/", StringComparison.Ordinal);
                wait = counted ? _globalBlockedUntil - now : TimeSpan.Zero;
                if (bucket.Remaining <= 0 && bucket.ResetAt > now && bucket.ResetAt - now > wait) wait = bucket.ResetAt - now;
                if (counted && _recentSends.Count >= tuning.GlobalRequestsPerSecond && _recentSends.Peek().AddSeconds(1) - now > wait)
                    wait = _recentSends.Peek().AddSeconds(1) - now;
                if (wait <= TimeSpan.Zero)
                {
                    if (bucket.Remaining is > 0) bucket.Remaining--;
                    else if (bucket.ResetAt <= now) bucket.Remaining = null; // the window reset: unknown until the next headers
                    if (counted) _recentSends.Enqueue(now);
                    return null;
                }
            }
            await Task.Delay(wait, time, cancellationToken);
        }
    }

    /// <summary>Learns the bucket from a response's headers and counts invalid responses.</summary>
    public void Observe(RestRoute route, int status, HttpResponseHeaders headers)
    {
        lock (_lock)
        {
            var now = time.GetUtcNow();
            if (Header(headers, "X-RateLimit-Bucket") is { } hash) _bucketOfRoute[route.Key] = hash;
            var bucket = Bucket(route);
            if (int.TryParse(Header(headers, "X-RateLimit-Remaining"), NumberStyles.Integer, CultureInfo.InvariantCulture, out int remaining))
                bucket.Remaining = remaining;
            if (double.TryParse(Header(headers, "X-RateLimit-Reset-After"), NumberStyles.Float, CultureInfo.InvariantCulture, out double resetAfter))
                bucket.ResetAt = now + TimeSpan.FromSeconds(resetAfter);
            bool shared = string.Equals(Header(headers, "X-RateLimit-Scope"), "shared", StringComparison.OrdinalIgnoreCase);
            if (status is 401 or 403 || status == 429 && !shared) _invalid.Enqueue(now);
            if (status == 401) _unauthorizedUntil = now + UnauthorizedCooldown;
        }
    }

    /// <summary>A 429: block the whole bot (global) or this route's bucket for retry_after.</summary>
    public void OnRateLimited(RestRoute route, TimeSpan retryAfter, bool global)
    {
        metrics?.RateLimitWait(DiscordSink.PlatformName);
        lock (_lock)
        {
            var until = time.GetUtcNow() + retryAfter;
            if (global)
            {
                if (until > _globalBlockedUntil) _globalBlockedUntil = until;
                return;
            }
            var bucket = Bucket(route);
            bucket.Remaining = 0;
            if (until > bucket.ResetAt) bucket.ResetAt = until;
        }
    }

    private BucketState Bucket(RestRoute route)
    {
        string key = (_bucketOfRoute.TryGetValue(route.Key, out var hash) ? hash : route.Key) + "|" + route.Major;
        if (!_buckets.TryGetValue(key, out var state)) _buckets[key] = state = new BucketState();
        return state;
    }

    private void Prune(DateTimeOffset now)
    {
        while (_invalid.Count > 0 && _invalid.Peek() + tuning.InvalidRequestWindow <= now) _invalid.Dequeue();
        while (_recentSends.Count > 0 && _recentSends.Peek().AddSeconds(1) <= now) _recentSends.Dequeue();
    }

    private static string? Header(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
