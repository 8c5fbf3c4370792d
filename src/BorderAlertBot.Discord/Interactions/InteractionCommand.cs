using System.Globalization;
using System.Numerics;
using System.Text.Json;
using BorderAlertBot.Core.Commands;

namespace BorderAlertBot.Discord.Interactions;

/// <summary>
/// An APPLICATION_COMMAND interaction turned into a <see cref="ChatCommand"/>: arguments in the command's
/// declared option order (values as strings), the caller from member.user (guild) or user (DM), admin when
/// member.permissions has Manage Server or Administrator.
/// </summary>
public static class InteractionCommand
{
    private static readonly BigInteger Administrator = BigInteger.One << 3;
    private static readonly BigInteger ManageGuild = BigInteger.One << 5;

    public static ChatCommand? Parse(JsonElement interaction, IReadOnlyList<CommandInfo> known)
    {
        if (!interaction.TryGetProperty("data", out var data) || !data.TryGetProperty("name", out var nameElement)) return null;
        string name = nameElement.GetString() ?? "";

        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (data.TryGetProperty("options", out var options) && options.ValueKind == JsonValueKind.Array)
            foreach (var option in options.EnumerateArray())
                if (option.TryGetProperty("name", out var n) && option.TryGetProperty("value", out var v))
                    values[n.GetString() ?? ""] = v.ValueKind == JsonValueKind.String ? v.GetString() ?? "" : v.GetRawText();

        var info = known.FirstOrDefault(c => c.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
        var arguments = info is null
            ? values.Values.ToList()
            : info.Options.Where(o => values.ContainsKey(o.Name)).Select(o => values[o.Name]).ToList();

        bool inGuild = interaction.TryGetProperty("guild_id", out var guild) && guild.ValueKind == JsonValueKind.String;
        JsonElement user = default;
        bool isAdmin = false;
        if (interaction.TryGetProperty("member", out var member) && member.ValueKind == JsonValueKind.Object)
        {
            member.TryGetProperty("user", out user);
            if (member.TryGetProperty("permissions", out var p) && BigInteger.TryParse(p.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var bits))
                isAdmin = (bits & (Administrator | ManageGuild)) != BigInteger.Zero;
        }
        if (user.ValueKind != JsonValueKind.Object) interaction.TryGetProperty("user", out user);
        if (user.ValueKind != JsonValueKind.Object) return null;

        string userId = user.GetProperty("id").GetString() ?? "";
        string? display = user.TryGetProperty("global_name", out var g) && g.ValueKind == JsonValueKind.String ? g.GetString()
            : user.TryGetProperty("username", out var u) ? u.GetString() : null;
        string channelId = interaction.TryGetProperty("channel_id", out var c) ? c.GetString() ?? "" : "";
        return new ChatCommand(name.ToLowerInvariant(), arguments,
            new CommandCaller(DiscordSink.PlatformName, userId, channelId, IsPrivateChat: !inGuild, IsAdmin: inGuild && isAdmin, display));
    }
}
