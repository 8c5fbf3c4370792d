using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace BorderAlertBot.Feeds.Parsing;

/// <summary>
/// Makes the XML that real feeds send readable, as forgiving readers do (feedparser, miniflux), and safe:
/// junk and BOMs before the document are dropped; the XML declaration and any DOCTYPE are removed (so no
/// external entity, DTD fetch or entity expansion can happen); HTML named entities become numeric
/// references, unknown ones and bare ampersands are escaped; characters XML forbids are removed;
/// undeclared namespace prefixes get a placeholder declaration. CDATA sections are left untouched.
/// </summary>
public static partial class XmlRepair
{
    private static readonly HashSet<string> XmlEntities = ["amp", "lt", "gt", "quot", "apos"];

    [GeneratedRegex(@"<!DOCTYPE(?:[^\[>]*\[(?:[^\]]|\](?!\s*>))*\]\s*>|[^>]*>)", RegexOptions.IgnoreCase)]
    private static partial Regex Doctype();

    [GeneratedRegex(@"<\?xml[^>]*\?>", RegexOptions.IgnoreCase)]
    private static partial Regex Declaration();

    [GeneratedRegex(@"</?([A-Za-z_][\w\-.]*):[A-Za-z_]|\s([A-Za-z_][\w\-.]*):[A-Za-z_][\w\-.]*\s*=")]
    private static partial Regex PrefixUse();

    [GeneratedRegex(@"xmlns:([A-Za-z_][\w\-.]*)\s*=")]
    private static partial Regex PrefixDeclaration();

    public static string Repair(string xml)
    {
        int start = DocumentStart(xml);
        if (start < 0) return xml.Trim();
        string s = xml[start..];
        s = Declaration().Replace(s, "", 1);
        s = Doctype().Replace(s, "");
        s = FixEntitiesAndCharacters(s);
        s = DeclarePrefixes(s);
        return s.TrimStart();
    }

    /// <summary>The first '&lt;' that starts markup (a declaration, comment or element): whatever precedes it is junk.</summary>
    private static int DocumentStart(string xml)
    {
        for (int i = xml.IndexOf('<'); i >= 0 && i < xml.Length - 1; i = xml.IndexOf('<', i + 1))
        {
            char next = xml[i + 1];
            if (next is '?' or '!' || char.IsLetter(next)) return i;
        }
        return -1;
    }

    private static string FixEntitiesAndCharacters(string s)
    {
        var sb = new StringBuilder(s.Length + 64);
        int i = 0;
        while (i < s.Length)
        {
            char c = s[i];
            if (c == '<' && string.CompareOrdinal(s, i, "<![CDATA[", 0, 9) == 0)
            {
                int end = s.IndexOf("]]>", i + 9, StringComparison.Ordinal);
                int stop = end < 0 ? s.Length : end + 3;
                AppendValidChars(sb, s.AsSpan(i, stop - i));
                if (end < 0) sb.Append("]]>");
                i = stop;
                continue;
            }
            if (c == '&')
            {
                i += AppendEntity(sb, s, i);
                continue;
            }
            AppendValidChars(sb, s.AsSpan(i, 1));
            i++;
        }
        return sb.ToString();
    }

    private static int AppendEntity(StringBuilder sb, string s, int at)
    {
        int semi = s.IndexOf(';', at + 1, Math.Min(s.Length - at - 1, 40));
        if (semi > at + 1)
        {
            string name = s[(at + 1)..semi];
            if (name[0] == '#')
            {
                if (IsValidCharReference(name)) { sb.Append(s, at, semi - at + 1); return semi - at + 1; }
            }
            else if (name.All(char.IsAsciiLetterOrDigit))
            {
                if (XmlEntities.Contains(name)) { sb.Append(s, at, semi - at + 1); return semi - at + 1; }
                string decoded = WebUtility.HtmlDecode("&" + name + ";");
                if (decoded != "&" + name + ";")
                {
                    foreach (var rune in decoded.EnumerateRunes()) sb.Append("&#").Append(rune.Value).Append(';');
                    return semi - at + 1;
                }
            }
        }
        sb.Append("&amp;"); // a bare or unknown ampersand is text
        return 1;
    }

    private static bool IsValidCharReference(string name)
    {
        bool hex = name.Length > 1 && (name[1] is 'x' or 'X');
        string digits = name[(hex ? 2 : 1)..];
        if (digits.Length == 0 || digits.Length > 8) return false;
        if (!int.TryParse(digits, hex ? System.Globalization.NumberStyles.HexNumber : System.Globalization.NumberStyles.None, null, out int value)) return false;
        return IsXmlChar(value);
    }

    private static bool IsXmlChar(int c) =>
        c is 0x9 or 0xA or 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);

    private static void AppendValidChars(StringBuilder sb, ReadOnlySpan<char> text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) { sb.Append(c).Append(text[i + 1]); i++; continue; }
            if (char.IsSurrogate(c)) continue;
            if (IsXmlChar(c)) sb.Append(c);
        }
    }

    private static string DeclarePrefixes(string s)
    {
        var declared = PrefixDeclaration().Matches(s).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        var missing = new SortedSet<string>(StringComparer.Ordinal);
        foreach (Match m in PrefixUse().Matches(s))
        {
            string prefix = m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value;
            if (prefix is "xml" or "xmlns" || declared.Contains(prefix)) continue;
            missing.Add(prefix);
        }
        if (missing.Count == 0) return s;
        int root = DocumentRoot(s);
        if (root < 0) return s;
        int nameEnd = root + 1;
        while (nameEnd < s.Length && !char.IsWhiteSpace(s[nameEnd]) && s[nameEnd] is not ('>' or '/')) nameEnd++;
        string declarations = string.Concat(missing.Select(p => $" xmlns:{p}=\"urn:undeclared:{p}\""));
        return s.Insert(nameEnd, declarations);
    }

    private static int DocumentRoot(string s)
    {
        for (int i = s.IndexOf('<'); i >= 0 && i < s.Length - 1; i = s.IndexOf('<', i + 1))
        {
            if (char.IsLetter(s[i + 1])) return i;
            if (string.CompareOrdinal(s, i, "<!--", 0, 4) == 0) { int end = s.IndexOf("-->", i, StringComparison.Ordinal); if (end < 0) return -1; i = end; }
        }
        return -1;
    }
}
