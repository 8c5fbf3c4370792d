using System.Globalization;
using System.Text.RegularExpressions;
using BorderAlertBot.Core.Delivery;
using Telegram.Bot.Types;

namespace BorderAlertBot.Telegram;

/// <summary>
/// Where a Telegram message goes: a chat ("-1001234567890", "42", "@channel") and, for forum topics,
/// the message_thread_id ("-1001234567890/45").
/// </summary>
public readonly partial record struct TelegramTarget(string Chat, int? ThreadId)
{
    public ChatId ChatId => long.TryParse(Chat, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long id) ? new ChatId(id) : new ChatId(Chat);

    /// <summary>Groups, supergroups and channels have negative ids; @names are public channels or groups.</summary>
    public bool IsGroup => Chat.StartsWith('-') || Chat.StartsWith('@');

    public override string ToString() => ThreadId is int t ? FormattableString.Invariant($"{Chat}/{t}") : Chat;

    public Destination ToDestination() => Destination.ChatOf(TelegramSink.PlatformName, ToString());

    public static bool TryParse(string? text, out TelegramTarget target)
    {
        target = default;
        var m = TargetPattern().Match(text?.Trim() ?? "");
        if (!m.Success) return false;
        int? thread = null;
        if (m.Groups[2].Success)
        {
            if (!int.TryParse(m.Groups[2].Value, NumberStyles.None, CultureInfo.InvariantCulture, out int t)) return false;
            thread = t;
        }
        if (m.Groups[1].Value.StartsWith('-') || char.IsAsciiDigit(m.Groups[1].Value[0]))
            if (!long.TryParse(m.Groups[1].Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)) return false;
        target = new TelegramTarget(m.Groups[1].Value, thread);
        return true;
    }

    /// <summary>"telegram:CHAT[/TOPIC]" or "telegram-user:USERID" (a private chat's id is the user's id).</summary>
    public static bool TryParse(Destination destination, out TelegramTarget target)
    {
        target = default;
        if (destination.Platform != TelegramSink.PlatformName) return false;
        if (destination.IsUser)
        {
            string user = destination.Target;
            if (!long.TryParse(user, NumberStyles.None, CultureInfo.InvariantCulture, out long id) || id <= 0) return false;
            target = new TelegramTarget(user, null);
            return true;
        }
        return TryParse(destination.Target, out target);
    }

    [GeneratedRegex(@"^(-?\d{1,20}|@[A-Za-z][A-Za-z0-9_]{3,31})(?:/(\d{1,10}))?$")]
    private static partial Regex TargetPattern();
}
