namespace BorderAlertBot.Discord;

/// <summary>BorderAlert:Discord. Nothing Discord-related runs unless <see cref="Token"/> is set.</summary>
public sealed class DiscordOptions
{
    public const string Section = "BorderAlert:Discord";

    /// <summary>The bot token (Developer Portal → Bot). From the environment or a secret file, never a checked-in file.</summary>
    public string? Token { get; set; }

    /// <summary>REST base, with the API version.</summary>
    public string ApiBaseUrl { get; set; } = "https://discord.com/api/v10";

    /// <summary>Overrides the gateway URL that GET /gateway/bot returns (ws:// or wss://).</summary>
    public string? GatewayUrl { get; set; }

    /// <summary>When set, slash commands are registered on this guild only (instant); otherwise globally.</summary>
    public string? GuildId { get; set; }

    /// <summary>Channels that receive alerts (subject to their /settings).</summary>
    public List<string> ChannelIds { get; set; } = [];

    public RolePingOptions RolePing { get; set; } = new();
}

/// <summary>BorderAlert:Discord:RolePing — opt-in: alerts at or above MinSeverity mention this one role, and only it.</summary>
public sealed class RolePingOptions
{
    public string? RoleId { get; set; }

    public int? MinSeverity { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(RoleId) && MinSeverity is not null;
}

/// <summary>
/// Timings and ceilings with the documented or sensible values; tests shrink the waits. Not configuration:
/// a user has no reason to change them.
/// </summary>
public sealed record DiscordTuning
{
    /// <summary>Answer an interaction directly when the command answers within this; else defer (Discord allows 3 s).</summary>
    public TimeSpan FastReplyWindow { get; init; } = TimeSpan.FromSeconds(1.5);
    /// <summary>A 429 whose retry_after is at most this is waited out inside the client; longer ones go back to the dispatcher.</summary>
    public TimeSpan MaxInlineRateLimitWait { get; init; } = TimeSpan.FromSeconds(10);
    /// <summary>Attempts per REST call for 5xx, network errors and short 429s.</summary>
    public int MaxAttempts { get; init; } = 3;
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromSeconds(1);
    /// <summary>Discord bans an IP at 10,000 invalid requests (401, 403, 429) per 10 minutes; we stop far below.</summary>
    public int InvalidRequestCeiling { get; init; } = 1000;
    public TimeSpan InvalidRequestWindow { get; init; } = TimeSpan.FromMinutes(10);
    /// <summary>Discord's global limit: 50 requests per second per bot.</summary>
    public int GlobalRequestsPerSecond { get; init; } = 50;
    /// <summary>After a non-resumable Invalid Session the docs ask for a random wait of 1–5 s before identifying.</summary>
    public TimeSpan InvalidSessionDelayMin { get; init; } = TimeSpan.FromSeconds(1);
    public TimeSpan InvalidSessionDelayMax { get; init; } = TimeSpan.FromSeconds(5);
    /// <summary>Backoff between failed connection attempts: base × 2^(failures−1), capped.</summary>
    public TimeSpan ReconnectBaseDelay { get; init; } = TimeSpan.FromSeconds(1);
    public TimeSpan ReconnectMaxDelay { get; init; } = TimeSpan.FromMinutes(2);
    /// <summary>A gateway connection attempt that takes longer has failed (and backs off).</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(30);
    /// <summary>How long a graceful close (1000) may take on stop.</summary>
    public TimeSpan CloseTimeout { get; init; } = TimeSpan.FromSeconds(3);
}
