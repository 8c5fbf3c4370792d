using System.Text.RegularExpressions;

namespace BorderAlertBot.Tests.Telegram;

/// <summary>
/// Checks text the way Telegram's HTML parse mode reads it: only the documented tags, properly nested
/// and closed; every '&amp;' starts a known entity; no bare '&lt;' or '&gt;'. Returns the problems found.
/// Also gives the visible text (tags removed, entities decoded), which is what the 4096 limit counts.
/// </summary>
public static partial class TelegramHtmlChecker
{
    private static readonly HashSet<string> Allowed = ["b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler", "a", "tg-emoji", "code", "pre", "blockquote"];

    public static IReadOnlyList<string> Problems(string html)
    {
        var problems = new List<string>();
        var open = new Stack<string>();
        for (int i = 0; i < html.Length; i++)
        {
            char c = html[i];
            if (c == '<')
            {
                int end = html.IndexOf('>', i);
                if (end < 0) { problems.Add($"unterminated tag at {i}"); break; }
                string tag = html[(i + 1)..end];
                var m = TagPattern().Match(tag);
                if (!m.Success) { problems.Add($"malformed tag <{tag}>"); i = end; continue; }
                string name = m.Groups[2].Value.ToLowerInvariant();
                if (!Allowed.Contains(name)) problems.Add($"tag <{name}> is not allowed");
                if (m.Groups[1].Value == "/")
                {
                    if (open.Count == 0 || open.Pop() != name) problems.Add($"</{name}> closes nothing open");
                }
                else
                {
                    string attrs = m.Groups[3].Value.Trim();
                    if (name == "a" && !HrefPattern().IsMatch(attrs)) problems.Add($"<a {attrs}> has no safe href");
                    if (name != "a" && name != "span" && name != "tg-emoji" && name != "pre" && name != "code" && attrs.Length > 0) problems.Add($"<{name}> has attributes");
                    open.Push(name);
                }
                i = end;
            }
            else if (c == '>') problems.Add($"bare '>' at {i}");
            else if (c == '&')
            {
                var m = EntityPattern().Match(html, i);
                if (!m.Success || m.Index != i) problems.Add($"bare '&' at {i}");
            }
        }
        foreach (string name in open) problems.Add($"<{name}> is never closed");
        return problems;
    }

    public static string VisibleText(string html) =>
        System.Net.WebUtility.HtmlDecode(Regex.Replace(html, "<[^>]*>", ""));

    [GeneratedRegex(@"^(/?)([A-Za-z][A-Za-z0-9-]*)(\s[^<>]*)?$")]
    private static partial Regex TagPattern();

    [GeneratedRegex(@"^href=""https?://[^""<>\s]+""$")]
    private static partial Regex HrefPattern();

    [GeneratedRegex(@"&(lt|gt|amp|quot|#[0-9]{1,7}|#x[0-9a-fA-F]{1,6});")]
    private static partial Regex EntityPattern();
}
