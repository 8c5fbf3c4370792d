using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using BorderAlertBot.Core.Commands;
using BorderAlertBot.Core.Storage;
using Telegram.Bot;
using Telegram.Bot.Types;

namespace BorderAlertBot.Telegram;

/// <summary>
/// The commands read from getUpdates but not answered yet, kept in the store so that neither a stop nor a
/// crash loses one or answers one twice. getUpdates confirms (and Telegram forgets) every update below
/// the offset it is called with, and the bot reads on while replies wait for their chat's send limit,
/// so the accepted updates themselves are saved ("telegram:inbox", with the flood guard's verdict, so
/// they are not counted twice) before the next getUpdates confirms them, and each is removed once its
/// reply went out. "telegram:offset" is the first update not answered yet. At start the inbox is
/// answered first, then polling goes on after the last update read.
/// </summary>
public sealed class TelegramInbox(ISettingsStore store) : IDisposable
{
    public const string OffsetKey = "telegram:offset";
    public const string InboxKey = "telegram:inbox";

    private readonly Lock _lock = new();
    private readonly SortedDictionary<int, Entry> _open = [];
    private readonly SemaphoreSlim _write = new(1, 1);

    /// <summary>Releases the semaphore; called by the container (or the owner) once the work has stopped.</summary>
    public void Dispose() => _write.Dispose();
    private int? _next;

    public sealed record Entry(Update Update, FloodVerdict Verdict);

    /// <summary>The offset for the next getUpdates: after every update read so far (null: from the oldest Telegram keeps).</summary>
    public int? NextOffset { get { lock (_lock) return _next; } }

    /// <summary>Updates accepted and not answered yet.</summary>
    public int OpenCount { get { lock (_lock) return _open.Count; } }

    /// <summary>Reads the stored state; returns the updates still to answer, oldest first.</summary>
    public async Task<IReadOnlyList<Entry>> LoadAsync(CancellationToken cancellationToken)
    {
        string? offset = await store.GetValueAsync(OffsetKey, cancellationToken);
        string? inbox = await store.GetValueAsync(InboxKey, cancellationToken);
        lock (_lock)
        {
            _open.Clear();
            _next = int.TryParse(offset, NumberStyles.Integer, CultureInfo.InvariantCulture, out int o) ? o : null;
            foreach (var entry in Parse(inbox))
            {
                _open[entry.Update.Id] = entry;
                if (_next is not int n || entry.Update.Id >= n) _next = entry.Update.Id + 1;
            }
            return [.. _open.Values];
        }
    }

    /// <summary>An update was read (answered or not): the next getUpdates starts after it.</summary>
    public void Read(int updateId)
    {
        lock (_lock)
            if (_next is not int n || updateId >= n) _next = updateId + 1;
    }

    /// <summary>An update that needs an answer: it stays in the inbox until <see cref="CompleteAsync"/>.</summary>
    public void Open(Update update, FloodVerdict verdict)
    {
        lock (_lock) _open[update.Id] = new Entry(update, verdict);
    }

    /// <summary>The update was answered (or failed for good): out of the inbox, for good.</summary>
    public Task CompleteAsync(int updateId)
    {
        lock (_lock) _open.Remove(updateId);
        return SaveAsync();
    }

    /// <summary>
    /// Writes the current state. Writes are serialised and each takes its snapshot when its turn comes,
    /// so an older snapshot never overwrites a newer one. Not cancelled by a stop: the state must land.
    /// </summary>
    public async Task SaveAsync()
    {
        await _write.WaitAsync(CancellationToken.None);
        try
        {
            string offset, inbox;
            lock (_lock)
            {
                int? first = _open.Count > 0 ? _open.Keys.First() : _next;
                offset = first?.ToString(CultureInfo.InvariantCulture) ?? "";
                inbox = Serialize(_open.Values);
            }
            await store.SetValueAsync(InboxKey, inbox, CancellationToken.None);
            if (offset.Length > 0) await store.SetValueAsync(OffsetKey, offset, CancellationToken.None);
        }
        finally { _write.Release(); }
    }

    private static string Serialize(IEnumerable<Entry> entries) => new JsonArray(entries.Select(e => (JsonNode)new JsonObject
    {
        ["verdict"] = e.Verdict.ToString(),
        ["update"] = JsonSerializer.SerializeToNode(e.Update, JsonBotAPI.Options),
    }).ToArray()).ToJsonString();

    /// <summary>A damaged inbox is dropped (those commands go unanswered), never a reason not to start.</summary>
    private static List<Entry> Parse(string? json)
    {
        var entries = new List<Entry>();
        if (string.IsNullOrWhiteSpace(json)) return entries;
        try
        {
            if (JsonNode.Parse(json) is not JsonArray array) return entries;
            foreach (var node in array)
            {
                var update = node?["update"]?.Deserialize<Update>(JsonBotAPI.Options);
                if (update is null || !Enum.TryParse<FloodVerdict>(node!["verdict"]?.GetValue<string>(), out var verdict)) continue;
                entries.Add(new Entry(update, verdict));
            }
        }
        catch (JsonException) { }
        catch (InvalidOperationException) { }
        return entries;
    }
}
