using System.Text.Json.Nodes;
using BorderAlertBot.Core.Reports;

namespace BorderAlertBot.Discord.Messages;

/// <summary>
/// Pictures in a message's JSON, for a multipart upload whose file n is the part <c>files[n]</c>: one
/// embed per picture showing it (<c>image.url = attachment://&lt;filename&gt;</c>), and the
/// <c>attachments</c> array giving each upload its id n, filename and alt text (description).
/// </summary>
public static class PictureEmbeds
{
    /// <summary>Discord's limit for an attachment's description (its alt text).</summary>
    public const int AltText = 1024;

    public static void Add(JsonObject data, IReadOnlyList<Attachment> pictures, string? title = null)
    {
        var embeds = data["embeds"] as JsonArray ?? [];
        var attachments = new JsonArray();
        for (int i = 0; i < pictures.Count; i++)
        {
            var embed = new JsonObject { ["image"] = new JsonObject { ["url"] = "attachment://" + pictures[i].FileName } };
            if (i == 0 && !string.IsNullOrEmpty(title)) embed["title"] = DiscordText.Trim(title, DiscordLimits.Title);
            embeds.Add(embed);
            attachments.Add(new JsonObject
            {
                ["id"] = i,
                ["filename"] = pictures[i].FileName,
                ["description"] = DiscordText.Trim(pictures[i].AltText, AltText),
            });
        }
        data["embeds"] = embeds;
        data["attachments"] = attachments;
    }
}
