using System.Security.Cryptography;
using System.Text;
using BorderAlertBot.Core.Text;

namespace BorderAlertBot.Core.Items;

/// <summary>Stable keys for de-duplication: canonical links, folded titles, content hashes, short ids.</summary>
public static class ItemKeys
{
    private static readonly string[] TrackingPrefixes = ["utm_", "fbclid", "gclid", "yclid", "mc_", "_ga", "ref", "from", "rss"];

    /// <summary>Lower-case scheme and host, no default port, no fragment, no tracking parameters, no trailing slash; http and https treated alike.</summary>
    public static string CanonicalLink(string? link)
    {
        if (string.IsNullOrWhiteSpace(link) || !Uri.TryCreate(link.Trim(), UriKind.Absolute, out var uri)) return "";
        if (uri.Scheme is not ("http" or "https")) return "";
        var query = uri.Query.TrimStart('?')
            .Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Where(p => !TrackingPrefixes.Any(t => p.StartsWith(t, StringComparison.OrdinalIgnoreCase)))
            .Order(StringComparer.Ordinal)
            .ToArray();
        string host = uri.IdnHost.ToLowerInvariant();
        if (host.StartsWith("www.", StringComparison.Ordinal)) host = host[4..];
        string path = uri.AbsolutePath.TrimEnd('/');
        return host + path + (query.Length > 0 ? "?" + string.Join('&', query) : "");
    }

    public static string LinkKey(string? link)
    {
        string canonical = CanonicalLink(link);
        return canonical.Length == 0 ? "" : Hash(canonical);
    }

    public static string TitleKey(string? title)
    {
        string folded = string.IsNullOrWhiteSpace(title) ? "" : TextFolder.Fold(title);
        return folded.Length < 8 ? "" : Hash(folded);
    }

    /// <summary>Identity within a feed: the guid, else the canonical link, else a hash of title and text.</summary>
    public static string ItemKey(string? guid, string? link, string title, string text)
    {
        if (!string.IsNullOrWhiteSpace(guid)) return "g:" + (guid.Length <= 200 ? guid.Trim() : Hash(guid.Trim()));
        string canonical = CanonicalLink(link);
        if (canonical.Length > 0) return "l:" + (canonical.Length <= 200 ? canonical : Hash(canonical));
        return "h:" + Hash(title + "\n" + text);
    }

    public static string Hash(string value)
    {
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(value), digest);
        return Convert.ToHexStringLower(digest[..12]);
    }

    /// <summary>A short readable id ("a-7k2m9xq4") derived from a natural key, so every process computes the same one.</summary>
    public static string ShortId(string prefix, string naturalKey)
    {
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(naturalKey), digest);
        const string alphabet = "23456789abcdefghjkmnpqrstuvwxyz";
        var sb = new StringBuilder(prefix.Length + 9).Append(prefix).Append('-');
        ulong v = BitConverter.ToUInt64(digest);
        for (int i = 0; i < 8; i++) { sb.Append(alphabet[(int)(v % (ulong)alphabet.Length)]); v /= (ulong)alphabet.Length; }
        return sb.ToString();
    }
}
