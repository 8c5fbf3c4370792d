using System.IO.Compression;
using System.Net;
using BorderAlertBot.Feeds.Fetching;
using BorderAlertBot.Tests.Fakes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace BorderAlertBot.Tests.Feeds;

/// <summary>The guarded fetcher against a real loopback server.</summary>
public class FeedFetcherTests : IAsyncLifetime
{
    private FeedServer _server = null!;

    public async Task InitializeAsync() => _server = await FeedServer.StartAsync();
    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static FeedFetcher Fetcher(bool allowPrivate = true, IHostResolver? resolver = null, Action<FetchOptions>? configure = null, Func<IPAddress, bool>? policy = null)
    {
        var options = new FetchOptions { AllowPrivateNetworks = allowPrivate, Timeout = TimeSpan.FromSeconds(2), MaxBodyBytes = 64 * 1024, MaxRedirects = 3 };
        configure?.Invoke(options);
        return TestFetcher.Create(options, resolver, policy);
    }

    [Fact]
    public void Idle_connections_leave_the_pool_within_seconds_so_a_pass_over_thousands_of_hosts_does_not_keep_them_open()
    {
        // The handler the host wires: a poller meets most hosts once a cycle, and each idle connection holds
        // its socket, buffers and TLS state (the bench measured ~50 MB at 4,000 feeds with the default minute).
        using var handler = GuardedHttpHandler.Create(new FetchOptions(), new DnsHostResolver());
        Assert.True(handler.PooledConnectionIdleTimeout <= TimeSpan.FromSeconds(10), $"idle timeout {handler.PooledConnectionIdleTimeout}");
        Assert.True(handler.PooledConnectionIdleTimeout >= TimeSpan.FromSeconds(1), "the feeds of one outlet polled together still share a connection");
    }

    [Fact]
    public async Task Conditional_get_gets_304_with_the_stored_validators()
    {
        _server.MapFeed("/f.xml", () => "<rss/>", etag: "\"v1\"");
        var fetcher = Fetcher();
        var first = await fetcher.FetchFeedAsync(_server.Url("/f.xml"), null, null, default);
        Assert.Equal(FetchStatus.Ok, first.Status);
        Assert.Equal("\"v1\"", first.ETag);
        var second = await fetcher.FetchFeedAsync(_server.Url("/f.xml"), first.ETag, first.LastModified, default);
        Assert.Equal(FetchStatus.NotModified, second.Status);
        Assert.Contains(_server.Requests, r => r.Headers["User-Agent"].StartsWith("BorderAlertBot/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Loopback_is_refused_by_default()
    {
        _server.MapFeed("/f.xml", () => "<rss/>");
        var result = await Fetcher(allowPrivate: false).FetchFeedAsync(_server.Url("/f.xml"), null, null, default);
        Assert.Equal(FetchStatus.Failed, result.Status);
        Assert.Contains("private, loopback or link-local", result.Error);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task A_public_looking_name_that_resolves_to_loopback_is_refused()
    {
        _server.MapFeed("/f.xml", () => "<rss/>");
        var url = new Uri($"http://news.example.com:{_server.BaseUrl.Port}/f.xml");
        var result = await Fetcher(allowPrivate: false, resolver: new FixedResolver(IPAddress.Loopback)).FetchFeedAsync(url, null, null, default);
        Assert.Equal(FetchStatus.Failed, result.Status);
        Assert.Contains("news.example.com", result.Error);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task A_redirect_to_a_private_address_is_refused()
    {
        // The policy admits the test server (standing in for a public host) and nothing else private;
        // the server redirects to 169.254.169.254, the cloud metadata address: refused before connecting.
        _server.Map("/r", c => { c.Response.Redirect("http://169.254.169.254/latest/meta-data/"); return Task.CompletedTask; });
        var fetcher = Fetcher(allowPrivate: false, policy: a => a.Equals(IPAddress.Loopback) || AddressGuard.IsPublic(a));
        var result = await fetcher.FetchFeedAsync(_server.Url("/r"), null, null, default);
        Assert.Single(_server.Requests);
        Assert.Equal(FetchStatus.Failed, result.Status);
        Assert.Contains("169.254.169.254", result.Error);
    }

    [Theory]
    [InlineData("127.0.0.1", false)]
    [InlineData("10.1.2.3", false)]
    [InlineData("172.16.0.1", false)]
    [InlineData("192.168.1.1", false)]
    [InlineData("169.254.169.254", false)]
    [InlineData("100.64.0.1", false)]
    [InlineData("::1", false)]
    [InlineData("fe80::1", false)]
    [InlineData("fd00::1", false)]
    [InlineData("::ffff:127.0.0.1", false)]
    [InlineData("64:ff9b::a9fe:a9fe", false)]
    [InlineData("93.184.216.34", true)]
    [InlineData("2606:4700:4700::1111", true)]
    public void Address_guard_classifies(string address, bool isPublic) =>
        Assert.Equal(isPublic, AddressGuard.IsPublic(IPAddress.Parse(address)));

    [Fact]
    public async Task Permanent_redirects_report_the_new_url_and_loops_are_caught()
    {
        _server.Map("/old", c => { c.Response.StatusCode = 301; c.Response.Headers.Location = "/new"; return Task.CompletedTask; });
        _server.MapFeed("/new", () => "<rss/>");
        _server.Map("/loop-a", c => { c.Response.Redirect("/loop-b"); return Task.CompletedTask; });
        _server.Map("/loop-b", c => { c.Response.Redirect("/loop-a"); return Task.CompletedTask; });
        var fetcher = Fetcher();

        var moved = await fetcher.FetchFeedAsync(_server.Url("/old"), null, null, default);
        Assert.Equal(FetchStatus.Ok, moved.Status);
        Assert.Equal(_server.Url("/new"), moved.MovedPermanentlyTo);

        var loop = await fetcher.FetchFeedAsync(_server.Url("/loop-a"), null, null, default);
        Assert.Equal(FetchStatus.Failed, loop.Status);
        Assert.Contains("redirect loop", loop.Error);
    }

    [Fact]
    public async Task A_slow_server_is_cut_off_at_the_deadline()
    {
        _server.Map("/slow", async c =>
        {
            c.Response.ContentType = "application/rss+xml";
            await c.Response.WriteAsync("<rss>");
            await c.Response.Body.FlushAsync();
            try { await Task.Delay(TimeSpan.FromSeconds(20), c.RequestAborted); } catch (OperationCanceledException) { }
        });
        var result = await Fetcher(configure: o => o.Timeout = TimeSpan.FromMilliseconds(500)).FetchFeedAsync(_server.Url("/slow"), null, null, default);
        Assert.Equal(FetchStatus.Failed, result.Status);
        Assert.Contains("timed out", result.Error);
    }

    [Fact]
    public async Task Oversized_bodies_are_refused_before_and_after_decompression()
    {
        _server.MapBytes("/big", new byte[200 * 1024], "application/rss+xml");
        var gzipBomb = new MemoryStream();
        using (var gz = new GZipStream(gzipBomb, CompressionLevel.SmallestSize, leaveOpen: true)) gz.Write(new byte[5 * 1024 * 1024]);
        byte[] bomb = gzipBomb.ToArray();
        _server.Map("/bomb", async c =>
        {
            c.Response.Headers.ContentEncoding = "gzip";
            c.Response.ContentType = "application/rss+xml";
            await c.Response.Body.WriteAsync(bomb);
        });
        var fetcher = Fetcher();
        var big = await fetcher.FetchFeedAsync(_server.Url("/big"), null, null, default);
        Assert.Contains("limit", big.Error);
        var decompressed = await fetcher.FetchFeedAsync(_server.Url("/bomb"), null, null, default);
        Assert.Equal(FetchStatus.Failed, decompressed.Status);
        Assert.Contains("after decompression", decompressed.Error);
        Assert.True(bomb.Length < 64 * 1024, "the compressed body itself is under the cap");
    }

    [Fact]
    public async Task Server_errors_and_bad_schemes_have_reasons()
    {
        _server.Map("/500", c => { c.Response.StatusCode = 500; return Task.CompletedTask; });
        var fetcher = Fetcher();
        Assert.Contains("HTTP 500", (await fetcher.FetchFeedAsync(_server.Url("/500"), null, null, default)).Error);
        Assert.Contains("only http and https", (await fetcher.FetchFeedAsync(new Uri("file:///etc/passwd"), null, null, default)).Error);
    }

    private sealed class FixedResolver(IPAddress address) : IHostResolver
    {
        public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) => Task.FromResult(new[] { address });
    }

}
