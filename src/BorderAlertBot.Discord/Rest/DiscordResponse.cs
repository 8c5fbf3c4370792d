using System.Text.Json;

namespace BorderAlertBot.Discord.Rest;

/// <summary>
/// What a REST call came to. <see cref="Status"/> 0 means no HTTP answer (network failure after retries,
/// or the invalid-request guard refused to send). <see cref="Code"/> is Discord's JSON error code (50007…).
/// </summary>
public sealed record DiscordResponse(int Status, JsonElement Body, int? Code = null, string? Error = null, TimeSpan? RetryAfter = null)
{
    public bool IsSuccess => Status is >= 200 and < 300;

    public string? GetString(string property) =>
        Body.ValueKind == JsonValueKind.Object && Body.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    /// <summary>"HTTP 403 (50007: Cannot send messages to this user)".</summary>
    public string Describe() => Status == 0
        ? Error ?? "no response"
        : $"HTTP {Status}" + (Code is not null || Error is not null ? $" ({(Code is null ? "" : Code + ": ")}{Error})" : "");
}

/// <summary>Discord's JSON error codes that decide an outcome.</summary>
public static class DiscordErrorCodes
{
    public const int UnknownChannel = 10003;
    public const int UnknownUser = 10013;
    public const int MissingAccess = 50001;
    public const int CannotSendToUser = 50007;
    public const int MissingPermissions = 50013;
    public const int InvalidFormBody = 50035;
}
