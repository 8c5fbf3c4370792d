using System.Collections.Concurrent;

namespace BorderAlertBot.Core.Delivery;

/// <summary>
/// Whether each chat platform's inbound connection is up (the Telegram long poll answering, the Discord
/// gateway session ready), as the adapters last reported it. A platform that has started but not yet
/// connected counts as down, so readiness waits for it. Read by /readyz.
/// </summary>
public sealed class ChatConnections
{
    private readonly ConcurrentDictionary<string, (bool Up, string Detail)> _states = new(StringComparer.Ordinal);

    /// <summary>The adapter has started and will connect.</summary>
    public void Starting(string platform) => _states.TryAdd(platform, (false, "connecting"));

    public void Up(string platform) => _states[platform] = (true, "connected");

    public void Down(string platform, string reason) => _states[platform] = (false, reason);

    public IReadOnlyDictionary<string, (bool Up, string Detail)> Snapshot() => _states.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
}
