using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Types.Enums;

namespace BorderAlertBot.Telegram;

/// <summary>
/// Whether a user administers a chat, from getChatMember (creator or administrator), trusted for
/// <see cref="TelegramOptions.AdminCacheDuration"/> so a burst of commands costs one request.
/// </summary>
public sealed class TelegramAdminCheck(TelegramConnection connection, IOptions<TelegramOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<(long Chat, long User), (bool IsAdmin, DateTimeOffset Until)> _cache = new();

    public async Task<bool> IsAdminAsync(long chatId, long userId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_cache.TryGetValue((chatId, userId), out var hit) && hit.Until > now) return hit.IsAdmin;
        var member = await connection.Client.GetChatMember(chatId, userId, cancellationToken);
        bool isAdmin = member.Status is ChatMemberStatus.Creator or ChatMemberStatus.Administrator;
        if (_cache.Count > 10_000) _cache.Clear();
        _cache[(chatId, userId)] = (isAdmin, now + options.Value.AdminCacheDuration);
        return isAdmin;
    }
}
