using Microsoft.Extensions.Options;

namespace BorderAlertBot.Discord;

/// <summary>Checks BorderAlert:Discord at start; every message names the key to fix. Never echoes the token.</summary>
public sealed class DiscordOptionsValidator : IValidateOptions<DiscordOptions>
{
    public ValidateOptionsResult Validate(string? name, DiscordOptions options)
    {
        const string s = DiscordOptions.Section;
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Token) || options.Token.Any(char.IsWhiteSpace))
            errors.Add($"{s}:Token: must be the bot token without spaces (not shown here)");
        if (!Uri.TryCreate(options.ApiBaseUrl, UriKind.Absolute, out var api) || api.Scheme is not ("http" or "https"))
            errors.Add($"{s}:ApiBaseUrl: must be an absolute http(s) URL such as https://discord.com/api/v10");
        if (!string.IsNullOrWhiteSpace(options.GatewayUrl)
            && (!Uri.TryCreate(options.GatewayUrl, UriKind.Absolute, out var gw) || gw.Scheme is not ("ws" or "wss")))
            errors.Add($"{s}:GatewayUrl: must be an absolute ws:// or wss:// URL, or unset to ask GET /gateway/bot");
        if (!string.IsNullOrWhiteSpace(options.GuildId) && !IsSnowflake(options.GuildId))
            errors.Add($"{s}:GuildId: must be a numeric Discord id (right-click the server → Copy Server ID)");
        for (int i = 0; i < options.ChannelIds.Count; i++)
            if (!IsSnowflake(options.ChannelIds[i]))
                errors.Add($"{s}:ChannelIds:{i}: '{options.ChannelIds[i]}' is not a numeric Discord channel id");
        var ping = options.RolePing;
        if (!string.IsNullOrWhiteSpace(ping.RoleId) && !IsSnowflake(ping.RoleId))
            errors.Add($"{s}:RolePing:RoleId: must be a numeric Discord role id");
        if (!string.IsNullOrWhiteSpace(ping.RoleId) != ping.MinSeverity is not null)
            errors.Add($"{s}:RolePing: set both RoleId and MinSeverity, or neither");
        if (ping.MinSeverity is < 1 or > 5)
            errors.Add($"{s}:RolePing:MinSeverity: must be between 1 and 5");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    internal static bool IsSnowflake(string? value) =>
        !string.IsNullOrEmpty(value) && value.Length <= 20 && value.All(char.IsAsciiDigit);
}
