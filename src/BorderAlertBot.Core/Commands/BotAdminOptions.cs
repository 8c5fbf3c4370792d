namespace BorderAlertBot.Core.Commands;

/// <summary>
/// BorderAlert:Admins — the bot's own admins, by platform and user id (<c>BorderAlert__Admins__Telegram__0=123456789</c>,
/// <c>BorderAlert__Admins__Discord__0=…</c>): the people who may change what every chat shares, the sources.
/// Not every chat admin: a group's admin runs that group, not the bot. Platform names are the adapters' own.
/// </summary>
#pragma warning disable CA1710 // The options are the dictionary itself: platform → user ids, bound from configuration as such.
public sealed class BotAdminOptions : Dictionary<string, List<string>>
#pragma warning restore CA1710
{
    public const string Section = "BorderAlert:Admins";

    public BotAdminOptions() : base(StringComparer.OrdinalIgnoreCase) { }
}
