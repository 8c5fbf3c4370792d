using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace BorderAlertBot.Telegram;

/// <summary>
/// Checks BorderAlert:Telegram at start, each problem under its full key so the user knows which setting
/// or environment variable to fix. The token itself is never echoed.
/// </summary>
public sealed partial class TelegramOptionsValidator : IValidateOptions<TelegramOptions>
{
    public ValidateOptionsResult Validate(string? name, TelegramOptions o)
    {
        var errors = new List<string>();
        const string s = TelegramOptions.Section;
        if (o.Enabled && !TokenPattern().IsMatch(o.Token!.Trim()))
            errors.Add($"{s}:Token: not a bot token (expected the form 123456789:AAE… from @BotFather)");
        if (!Uri.TryCreate(o.ApiBaseUrl, UriKind.Absolute, out var api) || api.Scheme is not ("http" or "https"))
            errors.Add($"{s}:ApiBaseUrl: must be an absolute http or https URL such as https://api.telegram.org, not '{o.ApiBaseUrl}'");
        for (int i = 0; i < o.ChatIds.Count; i++)
            if (!TelegramTarget.TryParse(o.ChatIds[i], out _))
                errors.Add($"{s}:ChatIds:{i}: '{o.ChatIds[i]}' is not a chat id (-1001234567890), @channelname, or CHAT/TOPIC (-1001234567890/45)");
        if (o.PollingTimeout < TimeSpan.Zero || o.PollingTimeout > TimeSpan.FromSeconds(50))
            errors.Add($"{s}:PollingTimeout: must be between 00:00:00 and 00:00:50");
        if (o.AdminCacheDuration < TimeSpan.Zero || o.AdminCacheDuration > TimeSpan.FromHours(1))
            errors.Add($"{s}:AdminCacheDuration: must be between 00:00:00 and 01:00:00");
        if (o.NonAdminCacheDuration < TimeSpan.Zero || o.NonAdminCacheDuration > TimeSpan.FromHours(1))
            errors.Add($"{s}:NonAdminCacheDuration: must be between 00:00:00 and 01:00:00");
        if (o.SendTimeout < TimeSpan.FromSeconds(1) || o.SendTimeout > TimeSpan.FromMinutes(2))
            errors.Add($"{s}:SendTimeout: must be between 00:00:01 and 00:02:00");
        if (o.MessagesPerSecond is < 1 or > 1000) errors.Add($"{s}:MessagesPerSecond: must be from 1 to 1000");
        if (o.GroupMessagesPerMinute is < 1 or > 1000) errors.Add($"{s}:GroupMessagesPerMinute: must be from 1 to 1000");
        if (o.ChatInterval < TimeSpan.Zero || o.ChatInterval > TimeSpan.FromMinutes(1)) errors.Add($"{s}:ChatInterval: must be between 00:00:00 and 00:01:00");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    [GeneratedRegex(@"^\d{1,20}:[A-Za-z0-9_-]{1,100}$")]
    private static partial Regex TokenPattern();
}
