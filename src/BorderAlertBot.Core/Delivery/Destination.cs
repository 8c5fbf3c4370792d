namespace BorderAlertBot.Core.Delivery;

/// <summary>
/// Where a delivery goes, as one string key: "console", "telegram:-1001234567890", "telegram:-100123/45"
/// (forum topic), "telegram-user:42" (a private chat), "discord:123456789", "discord-user:42" (a DM).
/// </summary>
public readonly record struct Destination(string Key)
{
    public static readonly Destination Console = new("console");

    public string Platform => Key.Split(':', 2)[0] switch
    {
        "telegram-user" => "telegram",
        "discord-user" => "discord",
        var p => p,
    };

    public bool IsUser => Key.StartsWith("telegram-user:", StringComparison.Ordinal) || Key.StartsWith("discord-user:", StringComparison.Ordinal);

    /// <summary>The platform's own id ("-100123/45", "42").</summary>
    public string Target => Key.Contains(':') ? Key.Split(':', 2)[1] : "";

    public override string ToString() => Key;
}
