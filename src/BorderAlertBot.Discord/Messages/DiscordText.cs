using System.Text;

namespace BorderAlertBot.Discord.Messages;

/// <summary>Escaping and trimming for untrusted text in Discord markdown.</summary>
public static class DiscordText
{
    // Markdown and mention syntax: a backslash before any of these shows it literally. '<' stops
    // "<@&123>" from becoming a mention pill; allowed_mentions is what actually prevents pings.
    private const string Special = "\\*_~`|<>[]#";

    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var sb = new StringBuilder(text.Length + 8);
        foreach (char c in text)
        {
            if (Special.Contains(c)) sb.Append('\\');
            sb.Append(c);
        }
        return sb.ToString();
    }

    /// <summary>
    /// At most <paramref name="max"/> characters, ending with "…" when cut; never splits a surrogate pair
    /// or leaves a dangling escape backslash.
    /// </summary>
    public static string Trim(string text, int max)
    {
        if (text.Length <= max) return text;
        if (max <= 1) return max == 1 ? "…" : "";
        int cut = max - 1;
        if (char.IsHighSurrogate(text[cut - 1])) cut--;
        string head = text[..cut].TrimEnd();
        int slashes = head.Length - head.TrimEnd('\\').Length;
        if (slashes % 2 == 1) head = head[..^1];
        return head + "…";
    }

    /// <summary>An http(s) URL Discord will accept in an embed or masked link, else null.</summary>
    public static string? SafeUrl(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var u) && u.Scheme is "http" or "https" && url!.Length <= 2048
            ? u.AbsoluteUri.Replace("(", "%28", StringComparison.Ordinal).Replace(")", "%29", StringComparison.Ordinal)
            : null;

    /// <summary>"[name](url)" with the name escaped, or just the escaped name when the URL is unusable.</summary>
    public static string Link(string name, string? url) =>
        SafeUrl(url) is { } u ? $"[{Escape(name)}]({u})" : Escape(name);
}

/// <summary>The documented message and embed limits.</summary>
public static class DiscordLimits
{
    public const int Content = 2000;
    public const int Title = 256;
    public const int Description = 4096;
    public const int Fields = 25;
    public const int FieldName = 256;
    public const int FieldValue = 1024;
    public const int Footer = 2048;
    public const int EmbedTotal = 6000;
    public const int EmbedsPerMessage = 10;
    public const int Nonce = 25;
}
