using BorderAlertBot.Core.Retry;
using Xunit;

namespace BorderAlertBot.Tests.Retry;

public sealed class BackoffTests
{
    private static readonly Backoff Policy = new(TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(1));

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 5)]
    [InlineData(2, 10)]
    [InlineData(4, 40)]
    [InlineData(5, 60)] // 80 s, capped
    [InlineData(1000, 60)] // a very long run neither overflows nor exceeds the cap
    public void Doubles_from_the_first_wait_up_to_the_cap(int failures, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), Policy.After(failures));

    [Fact]
    public void Jitter_stays_between_half_and_the_full_wait_and_under_the_cap()
    {
        var random = new Random(7);
        for (int i = 0; i < 200; i++)
        {
            var wait = Policy.After(3, random);
            Assert.InRange(wait, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(20));
            Assert.Equal(Policy.Max, Policy.After(6, random)); // 160 s × [0.5, 1) is still over the cap
        }
        Assert.True(Policy.After(30, random) <= Policy.Max);
    }
}
