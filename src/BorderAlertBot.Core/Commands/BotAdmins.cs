using Microsoft.Extensions.Options;

namespace BorderAlertBot.Core.Commands;

/// <summary>Whether a caller is one of the bot's admins: named in <see cref="BotAdminOptions"/> for their platform, or the local operator (`command`).</summary>
public sealed class BotAdmins(IOptions<BotAdminOptions> options)
{
    public bool Allows(CommandCaller caller) =>
        caller.IsOperator
        || (!caller.SpeaksForChat && options.Value.TryGetValue(caller.Platform, out var ids) && ids.Any(id => id.Trim() == caller.UserId));
}
