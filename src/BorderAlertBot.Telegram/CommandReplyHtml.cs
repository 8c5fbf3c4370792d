using System.Text;
using BorderAlertBot.Core.Commands;

namespace BorderAlertBot.Telegram;

/// <summary>A command reply as Telegram HTML: text blocks escaped, alert cards rendered like alerts, within 4096 characters (a photo's caption within 1024).</summary>
public static class CommandReplyHtml
{
    private const int CardLength = 1500;

    /// <summary>The caption of a picture reply: its text blocks, escaped, within Telegram's 1024 caption characters.</summary>
    public static string Caption(CommandReply reply) =>
        TelegramHtml.Truncate(string.Join("\n\n", reply.Blocks.Select(TelegramHtml.Escape)), TelegramMessenger.MaxCaption);

    public static string Render(CommandReply reply)
    {
        var parts = new List<string>();
        foreach (string block in reply.Blocks)
            parts.Add((reply.IsError ? "⚠️ " : "") + TelegramHtml.Escape(block));
        foreach (var card in reply.Cards)
            parts.Add(AlertHtml.Render(card, CardLength));
        var sb = new StringBuilder(string.Join("\n\n", parts));
        if (sb.Length == 0) sb.Append("OK");
        return TelegramHtml.Truncate(sb.ToString());
    }
}
