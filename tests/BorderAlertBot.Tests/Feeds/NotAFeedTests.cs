using System.Text;
using BorderAlertBot.Feeds.Parsing;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace BorderAlertBot.Tests.Feeds;

/// <summary>Documents that are not feeds are refused with a reason a person can act on, never a runtime message.</summary>
public class NotAFeedTests
{
    private static readonly Uri PageUrl = new("https://news.example/kg/");
    private readonly FeedParser _parser = new(new FakeTimeProvider(new DateTimeOffset(2025, 3, 14, 0, 0, 0, TimeSpan.Zero)));

    private string Refusal(string body) =>
        Assert.Throws<FeedParseException>(() => _parser.Parse(Encoding.UTF8.GetBytes(body), null, PageUrl, "f", "Outlet", "")).Message;

    [Fact]
    public void A_web_page_is_named_as_one_and_its_advertised_feeds_are_listed_once_each()
    {
        string message = Refusal("""
            <!DOCTYPE html>
            <html lang="ru"><head><title>Новости</title>
            <link rel="stylesheet" href="/style.css">
            <link rel="alternate" type="application/rss+xml" title="RSS" href="/rss/">
            <link rel="alternate" type="application/atom+xml" href="https://news.example/atom.xml">
            <link rel="alternate" type="application/rss+xml" href="/rss/">
            <link rel="alternate" hreflang="en" href="/en/">
            </head><body><p>Hello</p></body></html>
            """);
        Assert.StartsWith("this address is a web page (HTML), not an RSS, Atom or JSON feed", message, StringComparison.Ordinal);
        Assert.EndsWith("these feeds: https://news.example/rss/ https://news.example/atom.xml", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<html><body>Just a page</body></html>")]
    [InlineData("<!-- generated --><?xml version=\"1.0\"?><!DOCTYPE html><html xmlns=\"http://www.w3.org/1999/xhtml\"><body/></html>")]
    public void A_page_without_feed_links_says_so(string page)
    {
        Assert.Contains("advertises no feed", Refusal(page), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<rss version=\"2.0\"></rss>")]
    [InlineData("<rss version=\"2.0\"><item><title>x</title></item></rss>")]
    public void Rss_without_a_channel_is_refused_in_plain_words(string body)
    {
        string message = Refusal(body);
        Assert.DoesNotContain("Object reference", message, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", message, StringComparison.Ordinal);
        Assert.Contains("no feed in it", message, StringComparison.Ordinal);
    }
}
