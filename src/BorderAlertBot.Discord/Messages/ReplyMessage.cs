using System.Globalization;
using System.Text.Json.Nodes;
using BorderAlertBot.Core.Commands;

namespace BorderAlertBot.Discord.Messages;

/// <summary>
/// A command reply as interaction message data: escaped text, alert cards as embeds, pictures as embeds
/// of their attachments (sent with the files, <see cref="PictureEmbeds"/>), no pings, ephemeral when asked.
/// </summary>
public static class ReplyMessage
{
    public const int EphemeralFlag = 64;

    public static JsonObject Build(CommandReply reply, bool ephemeral)
    {
        var embeds = new JsonArray();
        int total = 0, shown = 0;
        foreach (var card in reply.Cards)
        {
            if (shown == DiscordLimits.EmbedsPerMessage) break;
            var embed = AlertEmbed.Build(card, Math.Min(DiscordLimits.EmbedTotal, 1500));
            int length = AlertEmbed.TotalLength(embed);
            if (total + length > DiscordLimits.EmbedTotal) break;
            embeds.Add(embed);
            total += length;
            shown++;
        }
        string text = string.Join("\n\n", reply.Blocks.Select(DiscordText.Escape));
        if (shown < reply.Cards.Count) text += (text.Length > 0 ? "\n\n" : "") + $"…and {(reply.Cards.Count - shown).ToString(CultureInfo.InvariantCulture)} more";
        if (text.Length == 0 && embeds.Count == 0) text = "Done.";
        var data = new JsonObject
        {
            ["content"] = DiscordText.Trim(text, DiscordLimits.Content),
            ["embeds"] = embeds,
            ["allowed_mentions"] = new JsonObject { ["parse"] = new JsonArray() },
        };
        if (reply.Attachments.Count > 0) PictureEmbeds.Add(data, reply.Attachments);
        if (ephemeral) data["flags"] = EphemeralFlag;
        return data;
    }
}
