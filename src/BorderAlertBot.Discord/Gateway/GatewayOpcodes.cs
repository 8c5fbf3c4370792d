namespace BorderAlertBot.Discord.Gateway;

/// <summary>Gateway opcodes (API v10).</summary>
public static class GatewayOpcodes
{
    public const int Dispatch = 0;
    public const int Heartbeat = 1;
    public const int Identify = 2;
    public const int Resume = 6;
    public const int Reconnect = 7;
    public const int InvalidSession = 9;
    public const int Hello = 10;
    public const int HeartbeatAck = 11;
}

/// <summary>Close codes after which reconnecting cannot help: a person must fix the configuration.</summary>
public static class GatewayCloseCodes
{

    public static string? Fatal(int code) => code switch
    {
        4004 => "authentication failed: the token was rejected; check BorderAlert:Discord:Token",
        4010 => "invalid shard sent when identifying",
        4011 => "sharding required: the bot is in too many guilds for one connection",
        4012 => "invalid API version",
        4013 => "invalid intents",
        4014 => "disallowed intents: enable them in the Developer Portal or stop requesting them",
        _ => null,
    };

    /// <summary>
    /// Reconnect but identify anew (the docs' "resume: false"): unknown opcode, not authenticated,
    /// already authenticated, invalid seq, session timed out.
    /// </summary>
    public static bool NeedsNewSession(int code) => code is 4001 or 4003 or 4005 or 4007 or 4009;
}

/// <summary>The gateway closed with a code that must not be retried.</summary>
public sealed class GatewayFatalException(int closeCode, string reason)
    : Exception($"Discord gateway closed with {closeCode}: {reason}")
{
    public int CloseCode { get; } = closeCode;
}
