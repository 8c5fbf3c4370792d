using System.Net;
using System.Security.Cryptography.X509Certificates;
using BorderAlertBot.Feeds.Fetching;
using Microsoft.Extensions.DependencyInjection;

namespace BorderAlertBot.Bench;

/// <summary>
/// The bench's wiring of the real host to the farm, and nothing more: host names of the farm resolve to
/// its loopback addresses, and the feeds client trusts the farm's test authority (only for *.farm.test
/// chains ending at that authority; the product default, the system store, is untouched elsewhere).
/// The SSRF guard is opened for loopback by configuration (BorderAlert:Fetch:AllowPrivateNetworks), as tests do.
/// </summary>
public static class FarmTrust
{
    public static void Apply(IServiceCollection services, FarmLayout layout, X509Certificate2 authority)
    {
        services.AddSingleton<IHostResolver>(new FarmHostResolver(layout));
        services.AddHttpClient(FeedFetcher.ClientName).ConfigurePrimaryHttpMessageHandler((handler, _) =>
        {
            var sockets = (SocketsHttpHandler)handler;
            sockets.SslOptions.CertificateChainPolicy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                RevocationMode = X509RevocationMode.NoCheck,
                CustomTrustStore = { authority },
            };
        });
    }

    /// <summary>h{k}.farm.test → its loopback address; refusing hosts → an address nothing listens on; unresolvable → none.</summary>
    private sealed class FarmHostResolver(FarmLayout layout) : IHostResolver
    {
        public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
        {
            if (!FarmLayout.TryParseHost(host, out int h) || h >= layout.Hosts) return Task.FromResult(Array.Empty<IPAddress>());
            return Task.FromResult(layout.KindOf(h) switch
            {
                FarmLayout.HostKind.Unresolvable => [],
                FarmLayout.HostKind.Refusing => [FarmLayout.Nowhere],
                _ => new[] { FarmLayout.Address(FarmLayout.AddressIndexOf(h)) },
            });
        }
    }
}
