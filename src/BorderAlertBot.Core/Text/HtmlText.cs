using System.Net;
using System.Text;

namespace BorderAlertBot.Core.Text;

/// <summary>
/// Turns the HTML fragments feeds put in titles and summaries into plain text: tags dropped (script,
/// style and comments with their content), block tags become line breaks, entities decoded, control
/// characters removed, whitespace collapsed. The result is text, never markup: what a sink shows it must
/// escape for its own format.
/// </summary>
public static class HtmlText
{
    private static readonly string[] DropWithContent = ["script", "style", "noscript", "iframe", "object", "template", "svg"];
    private static readonly HashSet<string> BlockTags = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "br", "div", "li", "ul", "ol", "tr", "table", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "section", "article", "figure", "figcaption", "hr", "pre",
    };

    // Tag names are looked up as spans of the input: no string per tag.
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> BlockTagLookup = BlockTags.GetAlternateLookup<ReadOnlySpan<char>>();

    public static string ToPlainText(string? html) => ToPlainText(html, depth: 0);

    private static string ToPlainText(string? html, int depth)
    {
        if (string.IsNullOrEmpty(html)) return string.Empty;
        if (html.AsSpan().IndexOfAny('<', '&') < 0 && !HasControl(html)) return CollapseWhitespace(html);

        var sb = new StringBuilder(html.Length);
        int i = 0;
        while (i < html.Length)
        {
            char c = html[i];
            if (c != '<')
            {
                // Text runs up to the next '<' are copied whole.
                int lt = html.IndexOf('<', i);
                int stop = lt < 0 ? html.Length : lt;
                sb.Append(html, i, stop - i);
                i = stop;
                continue;
            }
            if (string.CompareOrdinal(html, i, "<!--", 0, 4) == 0)
            {
                int end = html.IndexOf("-->", i + 4, StringComparison.Ordinal);
                i = end < 0 ? html.Length : end + 3;
                sb.Append(' ');
                continue;
            }
            if (i + 1 < html.Length && (char.IsAsciiLetter(html[i + 1]) || html[i + 1] is '/' or '!' or '?'))
            {
                int end = TagEnd(html, i + 1);
                var name = TagName(html, i + 1);
                if (html[i + 1] != '/' && IsDroppedWithContent(name))
                {
                    int close = html.IndexOf(string.Concat("</", name), end, StringComparison.OrdinalIgnoreCase);
                    i = close < 0 ? html.Length : TagEnd(html, close + 2);
                    continue;
                }
                sb.Append(BlockTagLookup.Contains(name) ? '\n' : ' ');
                i = end;
                continue;
            }
            sb.Append(c);
            i++;
        }
        string decoded = WebUtility.HtmlDecode(sb.ToString());
        // A second decode catches double-escaped feeds ("&amp;nbsp;"), common in CMS exports.
        if (decoded.Contains('&') && decoded.Contains(';')) decoded = WebUtility.HtmlDecode(decoded);
        // Double-escaped markup ("&lt;p&gt;") decodes to tags: strip them once more.
        if (depth == 0 && LooksLikeMarkup(decoded)) return ToPlainText(decoded, depth + 1);
        return CollapseWhitespace(decoded);
    }

    private static bool LooksLikeMarkup(string text)
    {
        int lt = text.IndexOf('<');
        return lt >= 0 && lt + 1 < text.Length && (char.IsAsciiLetter(text[lt + 1]) || text[lt + 1] is '/' or '!');
    }

    private static int TagEnd(string html, int from)
    {
        char quote = '\0';
        for (int i = from; i < html.Length; i++)
        {
            char c = html[i];
            if (quote != '\0') { if (c == quote) quote = '\0'; continue; }
            if (c is '"' or '\'') quote = c;
            else if (c == '>') return i + 1;
        }
        return html.Length;
    }

    private static ReadOnlySpan<char> TagName(string html, int from)
    {
        if (from < html.Length && html[from] == '/') from++;
        int end = from;
        while (end < html.Length && (char.IsAsciiLetterOrDigit(html[end]) || html[end] == '-')) end++;
        return html.AsSpan(from, end - from);
    }

    private static bool IsDroppedWithContent(ReadOnlySpan<char> name)
    {
        foreach (string tag in DropWithContent)
            if (name.Equals(tag, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }

    private static bool HasControl(string s)
    {
        foreach (char c in s) if (char.IsControl(c) && c is not ('\n' or '\t' or '\r')) return true;
        return false;
    }

    // Every char CollapseWhitespace treats as a separator (whitespace, control, the invisible spaces).
    private static readonly System.Buffers.SearchValues<char> Separators = System.Buffers.SearchValues.Create(
        Enumerable.Range(0, char.MaxValue + 1).Select(i => (char)i)
            .Where(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '\u200B' or '\uFEFF').ToArray());

    private static bool IsSeparator(char c) => c is <= ' ' or >= '\u007F' && (c <= ' ' || Separators.Contains(c));

    /// <summary>Collapses runs of spaces, keeps single paragraph breaks, drops control characters.</summary>
    public static string CollapseWhitespace(string text)
    {
        var sb = new StringBuilder(text.Length);
        bool space = false, newline = false;
        var s = text.AsSpan();
        int i = 0;
        while (i < s.Length)
        {
            char c = s[i];
            if (IsSeparator(c))
            {
                if (c is '\n' or '\r') newline = true;
                else space = true;
                i++;
                continue;
            }
            if (sb.Length > 0)
            {
                if (newline) sb.Append('\n');
                else if (space) sb.Append(' ');
            }
            newline = space = false;
            // A run of words with single plain spaces between them is copied as it is.
            int j = i + 1;
            while (j < s.Length)
            {
                char d = s[j];
                if (!IsSeparator(d)) { j++; continue; }
                if (d == ' ' && j + 1 < s.Length && !IsSeparator(s[j + 1])) { j += 2; continue; }
                break;
            }
            if (i == 0 && j == s.Length) return text; // nothing to collapse
            sb.Append(s[i..j]);
            i = j;
        }
        return sb.ToString();
    }
}
