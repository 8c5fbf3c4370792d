using BorderAlertBot.Core.Items;
using BorderAlertBot.Feeds.Articles;
using BorderAlertBot.Feeds.Fetching;
using BorderAlertBot.Tests.Fakes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit;

namespace BorderAlertBot.Tests.Feeds;

public class ArticleEnricherTests : IAsyncLifetime
{
    private FeedServer _server = null!;

    public async Task InitializeAsync() => _server = await FeedServer.StartAsync();
    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static ArticleEnricher Enricher(bool allowPrivate = true)
    {
        var options = new FetchOptions { AllowPrivateNetworks = allowPrivate };
        var fetcher = TestFetcher.Create(options);
        return new ArticleEnricher(fetcher, NullLogger<ArticleEnricher>.Instance);
    }

    private NewsItem Thin(string path) => new() { FeedId = "f", Key = "k", Title = "Shooting near Vorukh", Link = _server.Url(path).AbsoluteUri };

    [Fact]
    public async Task A_thin_item_gets_the_main_text_of_its_article_page()
    {
        _server.Map("/article", async c =>
        {
            c.Response.ContentType = "text/html; charset=utf-8";
            await c.Response.WriteAsync("""
                <html><head><title>Shooting near Vorukh</title><script>var ads = 1;</script></head><body>
                <nav><a href="/">Home</a> <a href="/news">News</a></nav>
                <article><h1>Shooting near Vorukh</h1>
                <p>Kyrgyz and Tajik border guards exchanged fire near the Tajik exclave of Vorukh on Monday evening, the Kyrgyz Border Service said in a statement.</p>
                <p>Two servicemen were wounded and taken to the hospital in Batken. Residents of nearby villages were evacuated as a precaution.</p>
                <p>The heads of the two border services held talks by telephone and agreed to withdraw additional forces from the area.</p>
                </article><footer>Subscribe to our newsletter</footer></body></html>
                """);
        });
        var enriched = await Enricher().EnrichAsync(Thin("/article"), default);
        Assert.NotNull(enriched);
        Assert.Contains("Two servicemen were wounded", enriched.Content);
        Assert.DoesNotContain("var ads", enriched.Content);
    }

    [Fact]
    public async Task Failures_fall_back_to_what_the_feed_gave()
    {
        _server.Map("/gone", c => { c.Response.StatusCode = 404; return Task.CompletedTask; });
        Assert.Null(await Enricher().EnrichAsync(Thin("/gone"), default));
        Assert.Null(await Enricher(allowPrivate: false).EnrichAsync(Thin("/article"), default)); // the SSRF guard applies to pages too
        Assert.DoesNotContain(_server.Requests, r => r.Path == "/article");
    }
}
