using System.Text;
using System.Text.RegularExpressions;
using System.Text.Unicode;

namespace BorderAlertBot.Feeds.Parsing;

/// <summary>
/// Bytes → text with the right encoding: a BOM wins; then valid UTF-8 with non-ASCII bytes is UTF-8
/// whatever was declared (a wrong declaration is the common mistake); then the HTTP charset, then the
/// XML prolog; undeclared non-UTF-8 bytes are read as windows-1251, the region's legacy default.
/// </summary>
public static partial class FeedDecoder
{
    static FeedDecoder() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    [GeneratedRegex("""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:\-]+)["']""", RegexOptions.IgnoreCase)]
    private static partial Regex PrologEncoding();

    public static string Decode(byte[] body, string? httpCharset)
    {
        var span = body.AsSpan();
        if (span.StartsWith(new byte[] { 0xEF, 0xBB, 0xBF })) return Encoding.UTF8.GetString(span[3..]);
        if (span.StartsWith(new byte[] { 0xFF, 0xFE, 0, 0 })) return Encoding.UTF32.GetString(span[4..]);
        if (span.StartsWith(new byte[] { 0xFF, 0xFE })) return Encoding.Unicode.GetString(span[2..]);
        if (span.StartsWith(new byte[] { 0xFE, 0xFF })) return Encoding.BigEndianUnicode.GetString(span[2..]);
        // UTF-16 without a BOM: "<\0?\0" or "\0<\0?".
        if (span.Length > 4 && span[0] == '<' && span[1] == 0) return Encoding.Unicode.GetString(span);
        if (span.Length > 4 && span[0] == 0 && span[1] == '<') return Encoding.BigEndianUnicode.GetString(span);

        bool validUtf8 = Utf8.IsValid(span);
        bool ascii = Ascii.IsValid(span);
        if (validUtf8 && !ascii) return Encoding.UTF8.GetString(span);

        Encoding? declared = Lookup(httpCharset) ?? Lookup(PrologOf(span));
        if (declared is not null && declared.CodePage != Encoding.UTF8.CodePage) return declared.GetString(span);
        if (validUtf8) return Encoding.UTF8.GetString(span);
        return Encoding.GetEncoding(1251).GetString(span);
    }

    private static string? PrologOf(ReadOnlySpan<byte> span)
    {
        string head = Encoding.ASCII.GetString(span[..Math.Min(span.Length, 512)]);
        int lt = head.IndexOf('<', StringComparison.Ordinal);
        if (lt > 0) head = head[lt..];
        var m = PrologEncoding().Match(head);
        return m.Success ? m.Groups[1].Value : null;
    }

    private static Encoding? Lookup(string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) return null;
        try { return Encoding.GetEncoding(name.Trim()); }
        catch (ArgumentException) { return null; }
    }
}
