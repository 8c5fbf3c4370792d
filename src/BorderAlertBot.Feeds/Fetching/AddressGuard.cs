using System.Net;
using System.Net.Sockets;

namespace BorderAlertBot.Feeds.Fetching;

/// <summary>
/// Says whether an address may be fetched: public unicast only, unless private networks are allowed.
/// Refused: loopback, RFC 1918 private, carrier-grade NAT, link-local (cloud metadata 169.254.169.254),
/// unique-local and site-local IPv6, multicast, unspecified and reserved ranges, and IPv4-mapped or
/// NAT64/6to4 forms of any of them.
/// </summary>
public static class AddressGuard
{
    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily == AddressFamily.InterNetwork) return IsPublicV4(address.GetAddressBytes());
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return false;
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.IPv6None) || address.Equals(IPAddress.IPv6Any)) return false;
        if (address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast || address.IsIPv6UniqueLocal) return false;
        byte[] b = address.GetAddressBytes();
        // 64:ff9b::/96 (NAT64) and 2002::/16 (6to4) embed an IPv4 address: judge that one.
        if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b) return IsPublicV4(b[12..16]);
        if (b[0] == 0x20 && b[1] == 0x02) return IsPublicV4(b[2..6]);
        if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8) return false; // documentation
        if (b.Take(12).All(x => x == 0)) return false; // IPv4-compatible / unspecified
        return (b[0] & 0xE0) == 0x20; // global unicast 2000::/3
    }

    private static bool IsPublicV4(byte[] b) => !(
        b[0] == 0 || b[0] == 10 || b[0] == 127 ||
        (b[0] == 100 && b[1] >= 64 && b[1] <= 127) ||       // carrier-grade NAT
        (b[0] == 169 && b[1] == 254) ||                     // link-local, cloud metadata
        (b[0] == 172 && b[1] >= 16 && b[1] <= 31) ||
        (b[0] == 192 && b[1] == 168) ||
        (b[0] == 192 && b[1] == 0 && (b[2] == 0 || b[2] == 2)) ||
        (b[0] == 198 && (b[1] == 18 || b[1] == 19)) ||      // benchmarking
        (b[0] == 198 && b[1] == 51 && b[2] == 100) ||
        (b[0] == 203 && b[1] == 0 && b[2] == 113) ||
        b[0] >= 224);                                       // multicast, reserved, broadcast
}

/// <summary>Resolves host names; a seam so tests can make a public-looking name resolve to loopback.</summary>
public interface IHostResolver
{
    Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken);
}

public sealed class DnsHostResolver : IHostResolver
{
    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) =>
        Dns.GetHostAddressesAsync(host, cancellationToken);
}

/// <summary>Thrown when the guard refuses an address; the message says why in words a user can act on.</summary>
public sealed class BlockedAddressException(string message) : HttpRequestException(message);
