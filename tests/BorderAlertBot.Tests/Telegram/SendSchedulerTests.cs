using BorderAlertBot.Telegram;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace BorderAlertBot.Tests.Telegram;

/// <summary>The broadcast limits on a fake clock: per chat, per group, overall, and fairness between chats.</summary>
public class SendSchedulerTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 3, 13, 12, 0, 0, TimeSpan.Zero));

    private SendScheduler Scheduler(Action<TelegramOptions>? configure = null)
    {
        var options = new TelegramOptions { Token = "1:x" };
        configure?.Invoke(options);
        return new SendScheduler(_time, Options.Create(options));
    }

    private static TelegramTarget Chat(string id) => new(id, null);

    [Fact]
    public void One_chat_gets_one_message_per_second()
    {
        using var scheduler = Scheduler();
        var sends = Enumerable.Range(0, 3).Select(_ => scheduler.WaitAsync(Chat("42"), CancellationToken.None)).ToList();
        Assert.True(sends[0].IsCompletedSuccessfully);
        Assert.False(sends[1].IsCompleted);
        _time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.False(sends[1].IsCompleted);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(sends[1].IsCompletedSuccessfully);
        Assert.False(sends[2].IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(sends[2].IsCompletedSuccessfully);
    }

    [Fact]
    public void A_topic_shares_its_chats_limit()
    {
        using var scheduler = Scheduler();
        var first = scheduler.WaitAsync(new TelegramTarget("-100123", 45), CancellationToken.None);
        var second = scheduler.WaitAsync(new TelegramTarget("-100123", null), CancellationToken.None);
        Assert.True(first.IsCompletedSuccessfully);
        Assert.False(second.IsCompleted);
    }

    [Fact]
    public void A_group_gets_at_most_twenty_messages_a_minute()
    {
        using var scheduler = Scheduler();
        var sends = Enumerable.Range(0, 21).Select(_ => scheduler.WaitAsync(Chat("-100123"), CancellationToken.None)).ToList();
        for (int s = 0; s < 59; s++) _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(20, sends.Count(t => t.IsCompletedSuccessfully));
        Assert.False(sends[20].IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(sends[20].IsCompletedSuccessfully);
    }

    [Fact]
    public void A_private_chat_is_not_held_to_the_group_limit()
    {
        using var scheduler = Scheduler();
        var sends = Enumerable.Range(0, 25).Select(_ => scheduler.WaitAsync(Chat("42"), CancellationToken.None)).ToList();
        for (int s = 0; s < 24; s++) _time.Advance(TimeSpan.FromSeconds(1));
        Assert.All(sends, t => Assert.True(t.IsCompletedSuccessfully));
    }

    [Fact]
    public void Thirty_messages_a_second_overall()
    {
        using var scheduler = Scheduler();
        var sends = Enumerable.Range(0, 31).Select(i => scheduler.WaitAsync(Chat((1000 + i).ToString()), CancellationToken.None)).ToList();
        Assert.Equal(30, sends.Count(t => t.IsCompletedSuccessfully));
        Assert.False(sends[30].IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(sends[30].IsCompletedSuccessfully);
    }

    [Fact]
    public void A_backlog_in_one_chat_does_not_starve_another()
    {
        using var scheduler = Scheduler(o => { o.MessagesPerSecond = 1; o.ChatInterval = TimeSpan.Zero; });
        var busy = Enumerable.Range(0, 5).Select(_ => scheduler.WaitAsync(Chat("1"), CancellationToken.None)).ToList();
        var quiet = scheduler.WaitAsync(Chat("2"), CancellationToken.None);
        Assert.True(busy[0].IsCompletedSuccessfully);
        _time.Advance(TimeSpan.FromSeconds(1));
        // The quiet chat, which has not been served yet, goes before the busy chat's second message.
        Assert.True(quiet.IsCompletedSuccessfully);
        Assert.False(busy[1].IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(busy[1].IsCompletedSuccessfully);
    }

    [Fact]
    public void A_429_holds_the_chat_until_retry_after_and_a_cancelled_wait_leaves_the_queue()
    {
        using var scheduler = Scheduler();
        scheduler.Hold(Chat("42"), TimeSpan.FromSeconds(5));
        Assert.Equal(_time.GetUtcNow().AddSeconds(5), scheduler.HeldUntil(Chat("42")));
        using var cts = new CancellationTokenSource();
        var cancelled = scheduler.WaitAsync(Chat("42"), cts.Token);
        var waiting = scheduler.WaitAsync(Chat("42"), CancellationToken.None);
        cts.Cancel();
        Assert.True(cancelled.IsCanceled);
        _time.Advance(TimeSpan.FromSeconds(4));
        Assert.False(waiting.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(waiting.IsCompletedSuccessfully);
        Assert.Equal(0, scheduler.WaitingCount);
    }
}
