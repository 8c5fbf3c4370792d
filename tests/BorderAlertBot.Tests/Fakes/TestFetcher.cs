using System.Net;
using BorderAlertBot.Feeds.Fetching;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BorderAlertBot.Tests.Fakes;

/// <summary>A real <see cref="FeedFetcher"/> over the guarded handler, as the host wires it, for fetch-level tests.</summary>
public static class TestFetcher
{
    public static FeedFetcher Create(FetchOptions options, IHostResolver? resolver = null, Func<IPAddress, bool>? policy = null)
    {
        var services = new ServiceCollection();
        services.AddHttpClient(FeedFetcher.ClientName, c => c.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => GuardedHttpHandler.Create(options, resolver ?? new DnsHostResolver(), policy));
        var clients = services.BuildServiceProvider().GetRequiredService<IHttpClientFactory>();
        return new FeedFetcher(clients, Options.Create(options), TimeProvider.System);
    }
}
