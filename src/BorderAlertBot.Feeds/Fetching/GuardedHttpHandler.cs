using System.Net;
using System.Net.Sockets;

namespace BorderAlertBot.Feeds.Fetching;

/// <summary>
/// The primary handler for every outbound fetch of feed and article URLs. The SSRF check runs in
/// <see cref="SocketsHttpHandler.ConnectCallback"/> on the addresses actually connected to, so DNS
/// rebinding and redirects to internal hosts are refused too. No proxy (it would hide the target),
/// no automatic redirects (each hop is checked by the fetcher), all standard compressions.
/// </summary>
public static class GuardedHttpHandler
{
    /// <summary>How long an idle connection stays in the pool for the next request to its host.</summary>
    public static readonly TimeSpan IdleConnectionTimeout = TimeSpan.FromSeconds(5);

    /// <param name="isAllowed">The address policy; <see cref="AddressGuard.IsPublic"/> unless a test narrows it.</param>
    public static SocketsHttpHandler Create(FetchOptions options, IHostResolver resolver, Func<IPAddress, bool>? isAllowed = null) => new()
    {
        AllowAutoRedirect = false,
        UseProxy = false,
        UseCookies = false,
        AutomaticDecompression = DecompressionMethods.All,
        ConnectTimeout = options.ConnectTimeout,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        // A poller meets most hosts once a cycle: a connection left idle in the pool is rarely used again,
        // yet holds its socket, buffers and TLS state (~60 KB with OpenSSL). With the default minute, a pass
        // over thousands of hosts kept thousands of them open; a few seconds still lets the feeds of one
        // outlet that are polled together share one.
        PooledConnectionIdleTimeout = IdleConnectionTimeout,
        MaxConnectionsPerServer = Math.Max(2, options.MaxPerHost),
        ConnectCallback = async (context, cancellationToken) =>
        {
            string host = context.DnsEndPoint.Host;
            IPAddress[] addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal)
                ? [literal]
                : await resolver.ResolveAsync(host, cancellationToken);
            if (addresses.Length == 0) throw new HttpRequestException($"the host name {host} does not resolve");
            IPAddress[] allowed = options.AllowPrivateNetworks ? addresses : addresses.Where(isAllowed ?? AddressGuard.IsPublic).ToArray();
            if (allowed.Length == 0)
                throw new BlockedAddressException(
                    $"refused: {host} is a private, loopback or link-local address ({addresses[0]}); " +
                    "set BorderAlert__Fetch__AllowPrivateNetworks=true to allow intranet feeds");
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };
}
