namespace BorderAlertBot.Telegram;

/// <summary>BorderAlert:Telegram — the bot token, where the Bot API is, and which chats receive alerts.</summary>
public sealed class TelegramOptions
{
    public const string Section = "BorderAlert:Telegram";

    /// <summary>From @BotFather ("123456:ABC…"). Unset: the adapter is off. Set it through BorderAlert__Telegram__Token.</summary>
    public string? Token { get; set; }

    /// <summary>The Bot API server; a self-hosted one (or a test fake) looks like http://127.0.0.1:8081.</summary>
    public string ApiBaseUrl { get; set; } = "https://api.telegram.org";

    /// <summary>Chats that receive alerts: "-1001234567890", "@channelname", or "CHAT/TOPIC" for a forum topic.</summary>
    public List<string> ChatIds { get; set; } = [];

    /// <summary>Link previews under alerts (off: a preview of one source is noise on a news alert).</summary>
    public bool LinkPreviews { get; set; }

    /// <summary>getUpdates long-poll timeout.</summary>
    public TimeSpan PollingTimeout { get; set; } = TimeSpan.FromSeconds(25);

    /// <summary>How long an admin check (getChatMember) that said "admin" is trusted; a chat_member update ends it sooner.</summary>
    public TimeSpan AdminCacheDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long "not an admin" is trusted: shorter, because chat_member updates reach the bot only where it is an admin itself.</summary>
    public TimeSpan NonAdminCacheDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>An answer slower than this counts as a failed attempt (retried later).</summary>
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Telegram's broadcast limits: overall, per chat, per group.</summary>
    public int MessagesPerSecond { get; set; } = 30;
    public TimeSpan ChatInterval { get; set; } = TimeSpan.FromSeconds(1);
    public int GroupMessagesPerMinute { get; set; } = 20;

    public bool Enabled => !string.IsNullOrWhiteSpace(Token);
}
