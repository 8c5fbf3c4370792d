using System.Net;
using System.Net.Http.Headers;
using BorderAlertBot.Discord;
using BorderAlertBot.Discord.Rest;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace BorderAlertBot.Tests.Discord;

/// <summary>The rate limiter on a fake clock: buckets from headers, the global limit, 429s, the invalid-request guard.</summary>
public sealed class DiscordRateLimiterTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 3, 13, 12, 0, 0, TimeSpan.Zero));
    private static readonly RestRoute Channel1 = RestRoute.CreateMessage("1");
    private static readonly RestRoute Channel2 = RestRoute.CreateMessage("2");

    private DiscordRateLimiter Limiter(DiscordTuning? tuning = null) => new(_time, tuning ?? new DiscordTuning());

    private static HttpResponseHeaders Headers(params (string Name, string Value)[] values)
    {
        using var response = new HttpResponseMessage(HttpStatusCode.OK);
        foreach (var (n, v) in values) response.Headers.TryAddWithoutValidation(n, v);
        return response.Headers;
    }

    [Fact]
    public async Task An_exhausted_bucket_waits_until_its_reset_and_other_channels_do_not()
    {
        var limiter = Limiter();
        Assert.Null(await limiter.WaitTurnAsync(Channel1, CancellationToken.None));
        limiter.Observe(Channel1, 200, Headers(("X-RateLimit-Bucket", "abcd1234"), ("X-RateLimit-Limit", "5"), ("X-RateLimit-Remaining", "0"), ("X-RateLimit-Reset-After", "2.5")));

        var waiting = limiter.WaitTurnAsync(Channel1, CancellationToken.None);
        Assert.Null(await limiter.WaitTurnAsync(Channel2, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5))); // another channel: its own bucket
        _time.Advance(TimeSpan.FromSeconds(2));
        await Task.Yield();
        Assert.False(waiting.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(0.6));
        Assert.Null(await waiting.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task A_global_429_holds_every_route()
    {
        var limiter = Limiter();
        limiter.OnRateLimited(Channel1, TimeSpan.FromSeconds(3), global: true);
        var waiting = limiter.WaitTurnAsync(Channel2, CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(2.9));
        await Task.Yield();
        Assert.False(waiting.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(0.2));
        Assert.Null(await waiting.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task At_most_the_global_number_of_requests_go_per_second()
    {
        var limiter = Limiter(new DiscordTuning { GlobalRequestsPerSecond = 3 });
        for (int i = 0; i < 3; i++) Assert.Null(await limiter.WaitTurnAsync(RestRoute.CreateMessage(i.ToString(System.Globalization.CultureInfo.InvariantCulture)), CancellationToken.None));
        var fourth = limiter.WaitTurnAsync(RestRoute.CreateMessage("9"), CancellationToken.None);
        await Task.Yield();
        Assert.False(fourth.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(await fourth.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task Invalid_responses_are_counted_except_shared_429s_and_the_guard_lifts_after_the_window()
    {
        var limiter = Limiter(new DiscordTuning { InvalidRequestCeiling = 2 });
        limiter.Observe(Channel1, 429, Headers(("X-RateLimit-Scope", "shared")));
        limiter.Observe(Channel1, 403, Headers());
        Assert.Equal(1, limiter.InvalidCount);
        Assert.Null(await limiter.WaitTurnAsync(Channel2, CancellationToken.None));
        limiter.Observe(Channel1, 429, Headers(("X-RateLimit-Scope", "user")));

        var refused = await limiter.WaitTurnAsync(Channel2, CancellationToken.None);
        Assert.Equal(TimeSpan.FromMinutes(10), refused);
        _time.Advance(TimeSpan.FromMinutes(10));
        Assert.Null(await limiter.WaitTurnAsync(Channel2, CancellationToken.None));
    }

    [Fact]
    public async Task A_rejected_token_stops_all_requests_for_a_while()
    {
        var limiter = Limiter();
        limiter.Observe(Channel1, 401, Headers());
        Assert.Equal(DiscordRateLimiter.UnauthorizedCooldown, await limiter.WaitTurnAsync(Channel2, CancellationToken.None));
        _time.Advance(DiscordRateLimiter.UnauthorizedCooldown);
        Assert.Null(await limiter.WaitTurnAsync(Channel2, CancellationToken.None));
    }
}
