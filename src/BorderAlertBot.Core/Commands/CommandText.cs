namespace BorderAlertBot.Core.Commands;

/// <summary>Parses "/cmd@BotName arg1 "two words" arg3" into a name and arguments.</summary>
public static class CommandText
{
    /// <summary>Null when the text is not a command, or is addressed to another bot ("/latest@OtherBot").</summary>
    public static (string Name, IReadOnlyList<string> Arguments)? Parse(string text, string? botUserName = null)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        string t = text.Trim();
        if (t[0] != '/') return null;
        int space = t.IndexOfAny([' ', '\n', '\t']);
        string head = space < 0 ? t[1..] : t[1..space];
        string rest = space < 0 ? "" : t[(space + 1)..];
        int at = head.IndexOf('@');
        if (at >= 0)
        {
            string target = head[(at + 1)..];
            if (botUserName is not null && !target.Equals(botUserName, StringComparison.OrdinalIgnoreCase)) return null;
            head = head[..at];
        }
        if (head.Length == 0 || head.Length > 32) return null;
        return (head.ToLowerInvariant(), SplitArguments(rest));
    }

    public static IReadOnlyList<string> SplitArguments(string text)
    {
        var args = new List<string>();
        var current = new System.Text.StringBuilder();
        char quote = '\0';
        foreach (char c in text)
        {
            if (quote != '\0')
            {
                if (c == quote) { quote = '\0'; continue; }
                current.Append(c);
            }
            else if (c is '"' or '«' or '“')
            {
                quote = c switch { '«' => '»', '“' => '”', _ => '"' };
            }
            else if (char.IsWhiteSpace(c))
            {
                if (current.Length > 0) { args.Add(current.ToString()); current.Clear(); }
            }
            else current.Append(c);
        }
        if (current.Length > 0) args.Add(current.ToString());
        return args;
    }
}
