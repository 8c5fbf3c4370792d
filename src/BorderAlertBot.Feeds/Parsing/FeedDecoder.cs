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

        // One transcoding pass both validates and decodes (the common case: valid UTF-8 with Cyrillic).
        string? utf8 = StrictUtf8(span);
        bool ascii = utf8 is not null && utf8.Length == span.Length; // one char per byte: nothing above 0x7F
        if (utf8 is not null && !ascii) return utf8;

        Encoding? declared = Lookup(httpCharset) ?? Lookup(PrologOf(span));
        if (declared is not null && declared.CodePage != Encoding.UTF8.CodePage) return declared.GetString(span);
        if (utf8 is not null) return utf8;
        return Encoding.GetEncoding(1251).GetString(span);
    }

    /// <summary>The bytes as UTF-8, or null when they are not valid UTF-8 (no replacement characters, no exception).</summary>
    private static string? StrictUtf8(ReadOnlySpan<byte> span)
    {
        char[] buffer = System.Buffers.ArrayPool<char>.Shared.Rent(Math.Max(1, span.Length));
        try
        {
            var status = Utf8.ToUtf16(span, buffer, out _, out int written, replaceInvalidSequences: false);
            return status == System.Buffers.OperationStatus.Done ? new string(buffer, 0, written) : null;
        }
        finally { System.Buffers.ArrayPool<char>.Shared.Return(buffer); }
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
