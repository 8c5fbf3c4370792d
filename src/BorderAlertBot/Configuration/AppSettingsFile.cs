using System.Text.Json;

namespace BorderAlertBot.Configuration;

/// <summary>
/// Checks that appsettings.json is well-formed JSON before the configuration system reads it, so a typo
/// stops the bot with the file, line and position instead of an exception's text.
/// </summary>
public static class AppSettingsFile
{
    public static void Check(string path)
    {
        if (!File.Exists(path)) return; // optional: the embedded defaults apply
        try
        {
            // The same leniency as the JSON configuration provider: comments and trailing commas are fine.
            using var _ = JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            long line = (ex.LineNumber ?? 0) + 1, position = (ex.BytePositionInLine ?? 0) + 1;
            throw new ConfigurationException($"{path}: not valid JSON at line {line}, position {position}: {Reason(ex.Message)}");
        }
    }

    /// <summary>System.Text.Json's explanation without its own location suffix ("… LineNumber: 3 | BytePositionInLine: 4.").</summary>
    private static string Reason(string message)
    {
        int at = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (at < 0) at = message.IndexOf(" Path:", StringComparison.Ordinal);
        return (at >= 0 ? message[..at] : message).TrimEnd('.', ' ');
    }
}
