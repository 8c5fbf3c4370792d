namespace BorderAlertBot.Telegram;

/// <summary>
/// Work queued per chat: one chat's items run one after another in the order they were queued (replies
/// keep the order of the commands), different chats run side by side, so a chat with a backlog (a
/// flood, a group waiting out its 20-a-minute limit) delays only itself. A lane exists while it has
/// work. An item's exception is handed to <paramref name="onError"/>, never lost and never stopping the lane.
/// </summary>
public sealed class ChatLanes(Action<Exception> onError)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Queue<Func<Task>>> _lanes = new(StringComparer.Ordinal);
    private readonly HashSet<Task> _running = [];

    /// <summary>Queues <paramref name="work"/> behind the chat's earlier items.</summary>
    public void Enqueue(string chat, Func<Task> work)
    {
        lock (_lock)
        {
            if (_lanes.TryGetValue(chat, out var queue))
            {
                queue.Enqueue(work);
                return;
            }
            _lanes[chat] = queue = new Queue<Func<Task>>();
            queue.Enqueue(work);
            var task = Task.Run(() => DrainAsync(chat, queue));
            _running.Add(task);
            _ = task.ContinueWith(t => { lock (_lock) _running.Remove(t); }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    /// <summary>Chats with work queued or running.</summary>
    public int BusyChats { get { lock (_lock) return _lanes.Count; } }

    /// <summary>Completes when every lane has run out of work (items queued meanwhile included).</summary>
    public async Task WhenIdleAsync()
    {
        while (true)
        {
            Task[] running;
            lock (_lock) running = [.. _running];
            if (running.Length == 0) return;
            await Task.WhenAll(running);
        }
    }

    private async Task DrainAsync(string chat, Queue<Func<Task>> queue)
    {
        while (true)
        {
            Func<Task> work;
            lock (_lock)
            {
                if (queue.Count == 0)
                {
                    _lanes.Remove(chat);
                    return;
                }
                work = queue.Dequeue();
            }
            try { await work(); }
            catch (Exception ex) { onError(ex); }
        }
    }
}
