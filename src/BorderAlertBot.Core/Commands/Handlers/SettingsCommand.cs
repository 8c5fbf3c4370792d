using BorderAlertBot.Core.Delivery;
using BorderAlertBot.Core.Storage;

namespace BorderAlertBot.Core.Commands.Handlers;

/// <summary>/settings [setting] [value]: shows or changes this chat's alert settings (admins only).</summary>
public sealed class SettingsCommand(IDestinationStore destinations, TimeProvider time) : ICommandHandler
{
    public CommandInfo Info { get; } = new("settings", "This chat's alert settings (admins): min-severity, categories, languages, quiet, digest",
        [new("setting", "min-severity | categories | languages | quiet | digest | utc-offset | reset", CommandOptionType.String, false), new("value", "e.g. 3, armed_clash,incident, ru,en, 22-07, 6, off", CommandOptionType.String, false)],
        AdminOnly: true, Personal: true);

    public async Task<CommandReply> HandleAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var destination = request.Caller.ChatDestination;
        var current = (await destinations.GetDestinationAsync(destination, cancellationToken))?.Settings ?? ChannelSettings.Default;
        if (request.Arguments.Count == 0) return CommandReply.Text(ChannelSettingsText.Describe(current), ephemeral: true);

        string setting = request.Arguments[0].ToLowerInvariant();
        string value = string.Join(' ', request.Arguments.Skip(1)).Trim();
        var (updated, error) = ChannelSettingsText.Apply(current, setting, value);
        if (error is not null) return CommandReply.Error(error);
        await destinations.SaveChannelSettingsAsync(destination, updated!, time.GetUtcNow(), cancellationToken);
        return CommandReply.Text("Saved. " + ChannelSettingsText.Describe(updated!), ephemeral: true);
    }
}
