using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using BorderAlertBot.Core.Commands;

namespace BorderAlertBot.Discord.Interactions;

/// <summary>
/// Slash-command definitions for the bulk overwrite, built from the command service's contracts: CHAT_INPUT
/// commands with STRING (3) / INTEGER (4) options (required ones first, as Discord demands), admin commands
/// hidden from members without Manage Server, usable in guilds and, unless admin-only, in the bot's DMs.
/// </summary>
public static partial class SlashCommands
{
    public const string ManageGuild = "32"; // 1 << 5
    private const int ChatInput = 1, StringOption = 3, IntegerOption = 4;
    private const int GuildContext = 0, BotDmContext = 1, GuildInstall = 0;

    public static JsonArray Build(IEnumerable<CommandInfo> commands)
    {
        var array = new JsonArray();
        foreach (var command in commands)
        {
            string name = command.Name.ToLowerInvariant();
            if (!NamePattern().IsMatch(name)) continue; // Discord would reject the whole set
            var json = new JsonObject
            {
                ["name"] = name,
                ["type"] = ChatInput,
                ["description"] = Description(command.Description, name),
                ["options"] = new JsonArray(command.Options.OrderBy(o => o.Required ? 0 : 1).Take(25).Select(Option).ToArray()),
                ["contexts"] = command.AdminOnly ? new JsonArray(GuildContext) : new JsonArray(GuildContext, BotDmContext),
                ["integration_types"] = new JsonArray(GuildInstall),
            };
            if (command.AdminOnly) json["default_member_permissions"] = ManageGuild;
            array.Add(json);
        }
        return array;
    }

    private static JsonNode Option(CommandOption option)
    {
        var json = new JsonObject
        {
            ["type"] = option.Type == CommandOptionType.Integer ? IntegerOption : StringOption,
            ["name"] = option.Name.ToLowerInvariant(),
            ["description"] = Description(option.Description, option.Name),
            ["required"] = option.Required,
        };
        if (option.Type == CommandOptionType.Integer)
        {
            if (option.Min is { } min) json["min_value"] = min;
            if (option.Max is { } max) json["max_value"] = max;
        }
        return json;
    }

    private static string Description(string text, string fallback)
    {
        string d = string.IsNullOrWhiteSpace(text) ? fallback : text.Trim();
        return d.Length <= 100 ? d : d[..99] + "…";
    }

    [GeneratedRegex(@"^[-_\p{Ll}\p{N}]{1,32}$")]
    private static partial Regex NamePattern();
}
