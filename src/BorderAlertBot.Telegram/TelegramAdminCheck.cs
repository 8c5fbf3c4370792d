using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Types.Enums;

namespace BorderAlertBot.Telegram;

/// <summary>
/// Whether a user administers a chat, from getChatMember (creator or administrator). "Admin" is trusted
/// for <see cref="TelegramOptions.AdminCacheDuration"/>, "not an admin" only for the shorter
/// <see cref="TelegramOptions.NonAdminCacheDuration"/> (never longer than "admin") (a member just promoted should not wait long), so
/// a burst of commands costs one request. A chat_member update (a promotion or demotion) drops the
/// answer at once: <see cref="Forget"/>. An answer that was in flight while its entry was dropped is not
/// cached, so a stale "admin" cannot come back after a demotion.
/// </summary>
public sealed class TelegramAdminCheck(TelegramConnection connection, IOptions<TelegramOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<(long Chat, long User), (bool IsAdmin, DateTimeOffset Until)> _cache = new();
    private long _forgotten;

    public async Task<bool> IsAdminAsync(long chatId, long userId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_cache.TryGetValue((chatId, userId), out var hit) && hit.Until > now) return hit.IsAdmin;
        long generation = Interlocked.Read(ref _forgotten);
        var member = await connection.Client.GetChatMember(chatId, userId, cancellationToken);
        bool isAdmin = member.Status is ChatMemberStatus.Creator or ChatMemberStatus.Administrator;
        if (Interlocked.Read(ref _forgotten) != generation) return isAdmin; // a promotion or demotion came meanwhile
        if (_cache.Count > 10_000) _cache.Clear();
        var o = options.Value;
        _cache[(chatId, userId)] = (isAdmin, now + (isAdmin ? o.AdminCacheDuration : Min(o.NonAdminCacheDuration, o.AdminCacheDuration)));
        return isAdmin;
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    /// <summary>The user's rights in the chat changed (a chat_member update): the next check asks Telegram again.</summary>
    public void Forget(long chatId, long userId)
    {
        Interlocked.Increment(ref _forgotten);
        _cache.TryRemove((chatId, userId), out _);
    }
}
