using System.ComponentModel.DataAnnotations;
using BorderAlertBot.Core.Delivery;
using BorderAlertBot.Hosting;
using Microsoft.Extensions.Options;

namespace BorderAlertBot.Sinks;

/// <summary>BorderAlert:Admin — where the operator hears about the bot's own health.</summary>
public sealed class AdminOptions
{
    public const string Section = "BorderAlert:Admin";

    /// <summary>
    /// A destination key as the chat adapters write theirs (PLATFORM:CHAT, PLATFORM-user:ID, or console);
    /// unset: standard error only. Which platforms exist is the adapters' business, not this option's.
    /// </summary>
    [RegularExpression(@"^(console|[a-z][a-z0-9-]*:\S+)$",
        ErrorMessage = "must be console or PLATFORM:CHAT (a chat) or PLATFORM-user:ID (a person), as the platform's adapter names them")]
    public string? Destination { get; set; }
}

/// <summary>The admin destination must name a platform the bot has an adapter for (checked after the generated pattern check).</summary>
public sealed class AdminDestinationValidator : IValidateOptions<AdminOptions>
{
    public ValidateOptionsResult Validate(string? name, AdminOptions options)
    {
        // A malformed key is the generated pattern check's to report.
        if (options.Destination is not { Length: > 0 } key || !Destination.IsWellFormedKey(key)) return ValidateOptionsResult.Success;
        string platform = new Destination(key).Platform;
        return ChatAdapters.Platforms.Contains(platform)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"{AdminOptions.Section}:Destination: '{platform}' is not a platform of this bot ({string.Join(", ", ChatAdapters.Platforms)})");
    }
}
