using System.Globalization;
using BorderAlertBot.Core.Commands;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace BorderAlertBot.Telegram;

/// <summary>How a message's sender counts for admin rights.</summary>
public enum SenderRole
{
    /// <summary>A person: in a group, an admin only if getChatMember says so; in a private chat, the owner of it.</summary>
    Person,
    /// <summary>The chat itself: an anonymous admin of this group, or a post in a channel (only admins post there).</summary>
    ChatItself,
    /// <summary>Another chat: a member posting as their channel, or a channel post forwarded automatically into its discussion group. Never an admin here.</summary>
    OtherChat,
}

/// <summary>Who sent a Telegram message, the speaker that limits and subscriptions count on, and how it counts for admin rights.</summary>
public readonly record struct TelegramSender(Speaker Speaker, SenderRole Role, long? UserId, string? DisplayName)
{
    /// <summary>The placeholder "from" of messages by anonymous group admins (@GroupAnonymousBot).</summary>
    public const long GroupAnonymousBotId = 1087968824;

    /// <summary>The placeholder "from" of messages sent on behalf of a channel (@Channel_Bot).</summary>
    public const long ChannelBotId = 136817688;

    private const string Platform = TelegramSink.PlatformName;

    /// <summary>
    /// sender_chat wins over from: Telegram fills "from" with a placeholder bot when a message is sent on
    /// behalf of a chat, the same placeholder in every group, so from.id would lump every anonymous admin
    /// (or every channel) on Telegram into one sender.
    /// </summary>
    public static TelegramSender Identify(Message message)
    {
        var chat = message.Chat;
        if (chat.Type == ChatType.Channel)
            return new(Speaker.Chat(Platform, Id(chat.Id)), SenderRole.ChatItself, null, chat.Title);
        if (message.SenderChat is { } sender)
            return sender.Id == chat.Id
                ? new(Speaker.Chat(Platform, Id(chat.Id)), SenderRole.ChatItself, null, chat.Title)
                : new(Speaker.Chat(Platform, Id(sender.Id)), SenderRole.OtherChat, null, sender.Title ?? sender.Username);
        // Old clients and forwarded shapes without sender_chat: the placeholders still are no person.
        if (message.From is { Id: GroupAnonymousBotId })
            return new(Speaker.Chat(Platform, Id(chat.Id)), SenderRole.ChatItself, null, chat.Title);
        if (message.From is { Id: ChannelBotId } or null)
            return new(Speaker.Chat(Platform, Id(message.From?.Id ?? chat.Id)), SenderRole.OtherChat, null, null);
        var from = message.From;
        return new(Speaker.Person(Platform, Id(from.Id)), SenderRole.Person, from.Id, from.Username ?? from.FirstName);
    }

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
}
