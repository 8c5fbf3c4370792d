namespace BorderAlertBot.Core.Commands;

/// <summary>
/// Who a command speaks for, as the adapter established it: a person (a user account), or a chat
/// speaking as itself (on Telegram: an anonymous group admin speaks as the group, a channel post or a
/// member posting as their channel speaks as the channel). Rate limits count per speaker, so the
/// anonymous admins of two groups are two speakers, never one shared "GroupAnonymousBot"; and a chat
/// cannot hold private subscriptions, because there is no person to send them to.
/// </summary>
public readonly record struct Speaker(string Platform, string Id, bool IsChat)
{
    public static Speaker Person(string platform, string userId) => new(platform, userId, IsChat: false);

    public static Speaker Chat(string platform, string chatId) => new(platform, chatId, IsChat: true);

    /// <summary>A stable key for per-speaker state: "PLATFORM:user:42", "PLATFORM:chat:-100123".</summary>
    public string Key => $"{Platform}:{(IsChat ? "chat" : "user")}:{Id}";

    public override string ToString() => Key;
}
