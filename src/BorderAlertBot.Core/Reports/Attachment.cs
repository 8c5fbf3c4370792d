namespace BorderAlertBot.Core.Reports;

/// <summary>
/// A file that goes with a message, whatever the platform: its bytes, the file name the chat shows (and
/// Discord's attachment:// refers to), the media type, and a text alternative for who cannot see it.
/// </summary>
public sealed record Attachment(byte[] Content, string FileName, string MediaType, string AltText)
{
    public const string Png = "image/png";
}
