using BorderAlertBot.Core.Alerts;
using BorderAlertBot.Core.Reports;

namespace BorderAlertBot.Core.Commands;

/// <summary>
/// A platform-neutral answer: text blocks (plain text; the adapter escapes and formats), alert cards the
/// adapter renders like alerts, and whether only the caller should see it. With <see cref="Attachments"/>
/// (a picture) the text blocks are its caption: the adapter sends the files with the text (a photo with
/// a caption, an embed showing the attachment, a file written by the CLI).
/// </summary>
public sealed record CommandReply(IReadOnlyList<string> Blocks, IReadOnlyList<Alert> Cards, bool Ephemeral, bool IsError = false)
{
    public IReadOnlyList<Attachment> Attachments { get; init; } = [];

    public static CommandReply Text(string text, bool ephemeral = false) => new([text], [], ephemeral);
    public static CommandReply Error(string text) => new([text], [], Ephemeral: true, IsError: true);

    /// <summary>Plain-text rendering, for the CLI and for platforms without rich formatting.</summary>
    public string ToPlainText() => string.Join("\n\n", Blocks.Concat(Cards.Select(c =>
        $"[{c.Id}] severity {c.Severity} · {c.Category.Replace('_', ' ')} · {ReplyFormat.Minute(c.PublishedUtc ?? c.CreatedUtc)} UTC\n{c.Headline}\n{c.Summary}\n{string.Join(" ", c.Sources.Select(s => s.Url ?? s.Name).Distinct(StringComparer.Ordinal))}")));
}
