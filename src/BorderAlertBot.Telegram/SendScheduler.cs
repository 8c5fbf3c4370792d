using BorderAlertBot.Core.Telemetry;
using Microsoft.Extensions.Options;

namespace BorderAlertBot.Telegram;

/// <summary>
/// Keeps sends within Telegram's broadcast limits: about <see cref="TelegramOptions.MessagesPerSecond"/>
/// overall, one message per <see cref="TelegramOptions.ChatInterval"/> to one chat, and
/// <see cref="TelegramOptions.GroupMessagesPerMinute"/> to one group. Waiters are served in arrival
/// order among those whose chat may send now, so a busy chat never starves a quiet one and a chat held
/// by its own limit never blocks the others. A 429 holds its chat until retry_after has passed.
/// Time comes from <see cref="TimeProvider"/>, so tests drive it with FakeTimeProvider.
/// </summary>
public sealed class SendScheduler : IDisposable
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    private readonly TimeProvider _time;
    private readonly TelegramOptions _options;
    private readonly Lock _lock = new();
    private readonly LinkedList<Waiter> _waiters = new();
    private readonly Dictionary<string, ChatState> _chats = new(StringComparer.Ordinal);
    private readonly Queue<DateTimeOffset> _recent = new();
    private ITimer? _timer;
    private readonly BotMetrics? _metrics;

    public SendScheduler(TimeProvider time, IOptions<TelegramOptions> options, BotMetrics? metrics = null)
    {
        _time = time;
        _options = options.Value;
        _metrics = metrics;
    }

    /// <summary>Raised after every change of the queue (tests advance a fake clock on it).</summary>
    internal event Action? Changed;

    /// <summary>When the next waiter can go, or null when nobody waits.</summary>
    internal DateTimeOffset? NextWakeUtc { get { lock (_lock) return _nextWake; } }

    private DateTimeOffset? _nextWake;

    internal int WaitingCount { get { lock (_lock) return _waiters.Count; } }

    /// <summary>Completes when a message to <paramref name="target"/>'s chat may be sent; that send is then counted.</summary>
    public Task WaitAsync(TelegramTarget target, CancellationToken cancellationToken)
    {
        var waiter = new Waiter(target.Chat, target.IsGroup);
        lock (_lock)
        {
            waiter.Node = _waiters.AddLast(waiter);
            Pump();
        }
        Changed?.Invoke();
        if (!waiter.Done.Task.IsCompleted && cancellationToken.CanBeCanceled)
        {
            var registration = cancellationToken.Register(() =>
            {
                lock (_lock)
                {
                    if (waiter.Node?.List is not null) _waiters.Remove(waiter.Node);
                }
                waiter.Done.TrySetCanceled(cancellationToken);
            });
            _ = waiter.Done.Task.ContinueWith(_ => registration.Dispose(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
        return waiter.Done.Task;
    }

    /// <summary>Telegram said 429 for this chat: nothing more goes there before <paramref name="retryAfter"/> has passed.</summary>
    public void Hold(TelegramTarget target, TimeSpan retryAfter)
    {
        _metrics?.RateLimitWait(TelegramSink.PlatformName);
        lock (_lock)
        {
            var chat = Chat(target.Chat);
            var until = _time.GetUtcNow() + retryAfter;
            if (until > chat.HeldUntil) chat.HeldUntil = until;
        }
    }

    /// <summary>How many messages the limits let out to <paramref name="target"/>'s chat within <paramref name="window"/>.</summary>
    public int Capacity(TelegramTarget target, TimeSpan window)
    {
        double perChat = window / _options.ChatInterval;
        if (target.IsGroup) perChat = Math.Min(perChat, _options.GroupMessagesPerMinute * window.TotalMinutes);
        return (int)Math.Clamp(Math.Floor(perChat), 1, int.MaxValue);
    }

    /// <summary>The end of a 429 hold on this chat, when one is running.</summary>
    public DateTimeOffset? HeldUntil(TelegramTarget target)
    {
        lock (_lock)
            return _chats.TryGetValue(target.Chat, out var chat) && chat.HeldUntil > _time.GetUtcNow() ? chat.HeldUntil : null;
    }

    private void OnTimer()
    {
        lock (_lock) Pump();
        Changed?.Invoke();
    }

    // Called under the lock. Grants, one at a time, the waiter that may go now whose chat was served
    // longest ago (arrival order within a chat and between equals): round-robin across chats, so a chat
    // with a backlog shares the global budget with a quiet one instead of queueing it behind the backlog.
    // Then arms the timer for the earliest moment the next waiter may go.
    private void Pump()
    {
        var now = _time.GetUtcNow();
        while (_recent.Count > 0 && _recent.Peek() <= now - Second) _recent.Dequeue();
        while (_recent.Count < _options.MessagesPerSecond)
        {
            LinkedListNode<Waiter>? best = null;
            DateTimeOffset bestServed = DateTimeOffset.MaxValue;
            for (var node = _waiters.First; node is not null; node = node.Next)
            {
                var chat = Chat(node.Value.Chat);
                if (ReadyAt(chat, node.Value.IsGroup, now) > now) continue;
                var served = chat.LastSend ?? DateTimeOffset.MinValue;
                if (best is null || served < bestServed) { best = node; bestServed = served; }
            }
            if (best is null) break;
            var waiter = best.Value;
            _waiters.Remove(best);
            var state = Chat(waiter.Chat);
            state.LastSend = now;
            if (waiter.IsGroup) state.Minute.Enqueue(now);
            _recent.Enqueue(now);
            waiter.Done.TrySetResult();
        }

        DateTimeOffset? wake = null;
        for (var node = _waiters.First; node is not null; node = node.Next)
        {
            var ready = ReadyAt(Chat(node.Value.Chat), node.Value.IsGroup, now);
            if (_recent.Count >= _options.MessagesPerSecond) ready = Max(ready, _recent.Peek() + Second);
            if (wake is null || ready < wake) wake = ready;
        }
        _nextWake = wake;
        _timer?.Dispose();
        _timer = wake is { } at ? _time.CreateTimer(_ => OnTimer(), null, Max(at - now, TimeSpan.Zero), Timeout.InfiniteTimeSpan) : null;
        if (_waiters.Count == 0 && _chats.Count > 10_000) Forget(now);
    }

    /// <summary>Drops the state of chats that no limit concerns any more, so the table stays small.</summary>
    private void Forget(DateTimeOffset now)
    {
        foreach (var (key, chat) in _chats.ToList())
            if ((chat.LastSend is null || chat.LastSend <= now - Minute) && chat.HeldUntil <= now) _chats.Remove(key);
    }

    private DateTimeOffset ReadyAt(ChatState chat, bool isGroup, DateTimeOffset now)
    {
        var ready = now;
        if (chat.LastSend is { } last) ready = Max(ready, last + _options.ChatInterval);
        if (chat.HeldUntil > ready) ready = chat.HeldUntil;
        if (isGroup)
        {
            while (chat.Minute.Count > 0 && chat.Minute.Peek() <= now - Minute) chat.Minute.Dequeue();
            if (chat.Minute.Count >= _options.GroupMessagesPerMinute) ready = Max(ready, chat.Minute.Peek() + Minute);
        }
        return ready;
    }

    private ChatState Chat(string chat)
    {
        if (!_chats.TryGetValue(chat, out var state)) _chats[chat] = state = new ChatState();
        return state;
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    public void Dispose()
    {
        lock (_lock) _timer?.Dispose();
    }

    private sealed class Waiter(string chat, bool isGroup)
    {
        public string Chat { get; } = chat;
        public bool IsGroup { get; } = isGroup;
        public LinkedListNode<Waiter>? Node { get; set; }
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed class ChatState
    {
        public DateTimeOffset? LastSend { get; set; }
        public DateTimeOffset HeldUntil { get; set; }
        public Queue<DateTimeOffset> Minute { get; } = new();
    }
}
