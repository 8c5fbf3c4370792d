using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace BorderAlertBot.Core.Commands;

/// <summary>At most <see cref="CommandOptions.RatePerMinute"/> commands per user in any sliding minute.</summary>
public sealed class CommandRateLimiter(IOptions<CommandOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> _recent = new(StringComparer.Ordinal);

    public bool TryAcquire(CommandCaller caller)
    {
        var now = time.GetUtcNow();
        var queue = _recent.GetOrAdd(caller.Platform + ":" + caller.UserId, _ => new Queue<DateTimeOffset>());
        lock (queue)
        {
            while (queue.Count > 0 && now - queue.Peek() > TimeSpan.FromMinutes(1)) queue.Dequeue();
            if (queue.Count >= options.Value.RatePerMinute) return false;
            queue.Enqueue(now);
            return true;
        }
    }
}
