using BorderAlertBot.Core.Commands;
using BorderAlertBot.Discord.Rest;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BorderAlertBot.Discord.Interactions;

/// <summary>
/// Registers the slash commands with one bulk overwrite: on the configured guild (instant) or globally.
/// The application id comes from GET /applications/@me, never from configuration.
/// </summary>
public sealed partial class CommandRegistrar(IServiceProvider services, DiscordRestClient rest, IOptions<DiscordOptions> options, ILogger<CommandRegistrar> logger)
{
    public async Task<DiscordResponse> GetApplicationAsync(CancellationToken cancellationToken) =>
        await rest.GetAsync("applications/@me", RestRoute.CurrentApplication, cancellationToken);

    /// <summary>True when Discord accepted the set (or there is nothing to register).</summary>
    public async Task<bool> RegisterAsync(string applicationId, CancellationToken cancellationToken)
    {
        var commands = services.GetService<ICommandService>()?.Commands;
        if (commands is null)
        {
            LogNoCommands(logger);
            return true;
        }
        string? guild = string.IsNullOrWhiteSpace(options.Value.GuildId) ? null : options.Value.GuildId;
        string path = guild is null ? $"applications/{applicationId}/commands" : $"applications/{applicationId}/guilds/{guild}/commands";
        var response = await rest.SendAsync(HttpMethod.Put, path, RestRoute.OverwriteCommands(applicationId, guild), SlashCommands.Build(commands), cancellationToken);
        if (response.IsSuccess) LogRegistered(logger, commands.Count, guild ?? "all guilds");
        else LogRegisterFailed(logger, response.Describe());
        return response.IsSuccess;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Discord: {Count} slash commands registered for {Scope}")]
    private static partial void LogRegistered(ILogger logger, int count, string scope);

    [LoggerMessage(Level = LogLevel.Error, Message = "Discord: registering slash commands failed: {Reason}")]
    private static partial void LogRegisterFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Discord: no command service is registered; no slash commands")]
    private static partial void LogNoCommands(ILogger logger);
}
