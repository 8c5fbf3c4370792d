using System.Text;

namespace BorderAlertBot.Telegram;

/// <summary>
/// Telegram's HTML parse mode, safely: feed text is escaped (&amp;, &lt;, &gt;), links only for absolute
/// http/https URLs, and long messages are cut by their visible length (what Telegram counts after
/// entity parsing) at a token boundary with every open tag closed — never mid-tag or mid-entity.
/// </summary>
public static class TelegramHtml
{
    /// <summary>sendMessage text limit, counted after entity parsing (UTF-16 code units).</summary>
    public const int MaxLength = 4096;

    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var sb = new StringBuilder(text.Length + 16);
        foreach (char c in text)
        {
            switch (c)
            {
                case '&': sb.Append("&amp;"); break;
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                default: sb.Append(c); break;
            }
        }
        return sb.ToString();
    }

    /// <summary>The URL as an attribute value, or null when it is not an absolute http/https URL.</summary>
    public static string? SafeHref(string? url)
    {
        if (string.IsNullOrWhiteSpace(url) || !Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri)) return null;
        if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) return null;
        return Escape(uri.AbsoluteUri).Replace("\"", "&quot;", StringComparison.Ordinal);
    }

    /// <summary>A link with escaped text, or just the escaped text when the URL is not safe.</summary>
    public static string Link(string text, string? url) =>
        SafeHref(url) is { } href ? $"<a href=\"{href}\">{Escape(text)}</a>" : Escape(text);

    /// <summary>The length Telegram counts: tags removed, each entity one character.</summary>
    public static int VisibleLength(string html)
    {
        int length = 0;
        for (int i = 0; i < html.Length;)
        {
            var (kind, end) = Token(html, i);
            if (kind != TokenKind.Tag) length += kind == TokenKind.Entity ? 1 : end - i;
            i = end;
        }
        return length;
    }

    /// <summary>
    /// Cuts well-formed Telegram HTML to at most <paramref name="maxVisible"/> visible characters, ending
    /// with "…" and closing the tags still open. Text within the limit is returned as is.
    /// </summary>
    public static string Truncate(string html, int maxVisible = MaxLength)
    {
        if (VisibleLength(html) <= maxVisible) return html;
        int budget = maxVisible - 1; // room for the ellipsis
        var sb = new StringBuilder(html.Length);
        var open = new Stack<string>();
        int visible = 0;
        for (int i = 0; i < html.Length;)
        {
            var (kind, end) = Token(html, i);
            if (kind == TokenKind.Tag)
            {
                string tag = html[i..end];
                string name = TagName(tag);
                if (tag.StartsWith("</", StringComparison.Ordinal))
                {
                    if (open.Count > 0) open.Pop();
                }
                else
                {
                    // Do not open a tag that could only stay empty.
                    if (visible >= budget) break;
                    open.Push(name);
                }
                sb.Append(tag);
            }
            else
            {
                int size = kind == TokenKind.Entity ? 1 : end - i;
                if (visible + size > budget) break;
                sb.Append(html, i, end - i);
                visible += size;
            }
            i = end;
        }
        sb.Append('…');
        while (open.Count > 0) sb.Append("</").Append(open.Pop()).Append('>');
        return sb.ToString();
    }

    /// <summary>Plain text cut to <paramref name="max"/> characters at a word boundary when one is near, with "…".</summary>
    public static string Shorten(string text, int max)
    {
        if (text.Length <= max) return text;
        if (max <= 1) return "…";
        int cut = max - 1;
        if (char.IsLowSurrogate(text[cut])) cut--;
        int space = text.LastIndexOf(' ', cut - 1, Math.Min(cut, 40));
        if (space > 0) cut = space;
        return text[..cut].TrimEnd() + "…";
    }

    private enum TokenKind { Text, Tag, Entity }

    /// <summary>One tag, one entity, or one visible character (a surrogate pair stays whole).</summary>
    private static (TokenKind Kind, int End) Token(string html, int i)
    {
        char c = html[i];
        if (c == '<')
        {
            int close = html.IndexOf('>', i);
            if (close > 0) return (TokenKind.Tag, close + 1);
        }
        else if (c == '&')
        {
            int semi = html.IndexOf(';', i);
            if (semi > 0 && semi - i <= 10) return (TokenKind.Entity, semi + 1);
        }
        else if (char.IsHighSurrogate(c) && i + 1 < html.Length && char.IsLowSurrogate(html[i + 1]))
        {
            return (TokenKind.Text, i + 2);
        }
        return (TokenKind.Text, i + 1);
    }

    private static string TagName(string tag)
    {
        int start = tag.StartsWith("</", StringComparison.Ordinal) ? 2 : 1;
        int end = start;
        while (end < tag.Length && (char.IsAsciiLetterOrDigit(tag[end]) || tag[end] == '-')) end++;
        return tag[start..end];
    }
}
