using System.Text;
using BorderAlertBot.Feeds.Parsing;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace BorderAlertBot.Tests.Feeds;

public class FeedParserTests
{
    static FeedParserTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private static readonly Uri FeedUrl = new("https://news.example/rss");
    private readonly FeedParser _parser = new(new FakeTimeProvider(new DateTimeOffset(2025, 3, 14, 0, 0, 0, TimeSpan.Zero)));

    private ParsedFeed Parse(byte[] body, string? charset = null) => _parser.Parse(body, charset, FeedUrl, "f", "Outlet", "ru");
    private ParsedFeed Parse(string body) => Parse(Encoding.UTF8.GetBytes(body));

    private const string Title = "Перестрелка у Ворух: ранены двое";

    private static string Rss(string encodingDecl, string title) =>
        $"<?xml version=\"1.0\"{encodingDecl}?><rss version=\"2.0\"><channel><title>T</title><link>https://news.example/</link>" +
        $"<item><title>{title}</title><link>/news/1</link><guid>1</guid><pubDate>Thu, 27 Jan 2022 16:00:00 +0600</pubDate></item></channel></rss>";

    [Fact]
    public void Windows1251_declared_only_in_the_http_header()
    {
        var feed = Parse(Encoding.GetEncoding(1251).GetBytes(Rss("", Title)), "windows-1251");
        Assert.Equal(Title, feed.Items[0].Title);
    }

    [Fact]
    public void Windows1251_declared_only_in_the_prolog()
    {
        var feed = Parse(Encoding.GetEncoding(1251).GetBytes(Rss(" encoding=\"windows-1251\"", Title)));
        Assert.Equal(Title, feed.Items[0].Title);
    }

    [Fact]
    public void Koi8r_declared_in_the_prolog()
    {
        var feed = Parse(Encoding.GetEncoding("koi8-r").GetBytes(Rss(" encoding=\"koi8-r\"", Title)));
        Assert.Equal(Title, feed.Items[0].Title);
    }

    [Fact]
    public void Utf16_with_bom()
    {
        var feed = Parse(Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(Rss(" encoding=\"utf-16\"", Title))).ToArray());
        Assert.Equal(Title, feed.Items[0].Title);
    }

    [Fact]
    public void Utf8_body_wrongly_declared_as_windows1251_is_read_as_utf8()
    {
        var feed = Parse(Encoding.UTF8.GetBytes(Rss(" encoding=\"windows-1251\"", Title)), "windows-1251");
        Assert.Equal(Title, feed.Items[0].Title);
    }

    [Fact]
    public void Dates_are_utc_and_links_absolute()
    {
        var item = Parse(Rss("", Title)).Items[0];
        Assert.Equal(new DateTimeOffset(2022, 1, 27, 10, 0, 0, TimeSpan.Zero), item.PublishedUtc);
        Assert.Equal("https://news.example/news/1", item.Link);
    }

    [Theory]
    [InlineData("Border&nbsp;clash &mdash; Vorukh", "Border clash — Vorukh")]
    [InlineData("Talks & treaty", "Talks & treaty")]
    [InlineData("Road\u0001 blocked\u000B", "Road blocked")]
    public void Undeclared_entities_bare_ampersands_and_control_characters_are_recovered(string raw, string expected)
    {
        var feed = Parse(Rss("", raw));
        Assert.Equal(expected, feed.Items[0].Title.Replace('\u00A0', ' '));
    }

    [Fact]
    public void Junk_and_bom_before_the_declaration_are_skipped()
    {
        var feed = Parse(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("\r\n  \u0000junk" + Rss("", Title))).ToArray());
        Assert.Single(feed.Items);
    }

    [Fact]
    public void Undeclared_namespace_prefixes_are_tolerated()
    {
        string xml = "<rss version=\"2.0\"><channel><title>T</title><item><title>Kok-Tash</title><dc:creator>A</dc:creator><media:content url=\"x\"/><guid>9</guid></item></channel></rss>";
        Assert.Equal("Kok-Tash", Parse(xml).Items[0].Title);
    }

    [Fact]
    public void Html_in_titles_and_summaries_becomes_plain_text_and_scripts_never_pass()
    {
        string xml = "<rss version=\"2.0\"><channel><title>T</title><item><title><![CDATA[<b>Vorukh</b> clash]]></title>" +
                     "<description><![CDATA[<p onclick=\"evil()\">Shots fired.<script>alert(1)</script></p><a href=\"javascript:alert(1)\">more</a>]]></description>" +
                     "<link>javascript:alert(1)</link><guid>1</guid></item></channel></rss>";
        var item = Parse(xml).Items[0];
        Assert.Equal("Vorukh clash", item.Title);
        Assert.DoesNotContain("<", item.Summary);
        Assert.DoesNotContain("alert", item.Summary);
        Assert.Null(item.Link);
    }

    [Fact]
    public void External_entities_are_never_resolved()
    {
        string secret = Path.GetTempFileName();
        File.WriteAllText(secret, "TOP-SECRET");
        string xml = $"<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM \"file://{secret}\">]><rss version=\"2.0\"><channel><title>T</title><item><title>a &xxe; b</title><guid>1</guid></item></channel></rss>";
        var item = Parse(xml).Items[0];
        Assert.DoesNotContain("TOP-SECRET", item.Title);
        File.Delete(secret);
    }

    [Fact]
    public void Billion_laughs_is_neutralised()
    {
        var sb = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">");
        for (int i = 1; i < 10; i++) sb.Append($"<!ENTITY lol{i} \"{string.Concat(Enumerable.Repeat($"&lol{(i == 1 ? "" : (i - 1).ToString())};", 10))}\">");
        sb.Append("]><rss version=\"2.0\"><channel><title>T</title><item><title>&lol9;</title><guid>1</guid></item></channel></rss>");
        var item = Parse(sb.ToString()).Items[0];
        Assert.True(item.Title.Length < 100, $"title length {item.Title.Length}");
    }

    [Fact]
    public void Deep_nesting_is_refused_with_a_reason()
    {
        var sb = new StringBuilder("<rss version=\"2.0\"><channel><title>T</title><item><title>x</title><description>");
        for (int i = 0; i < 100_000; i++) sb.Append("<a>");
        sb.Append("</description></item></channel></rss>");
        var ex = Assert.Throws<FeedParseException>(() => Parse(sb.ToString()));
        Assert.Contains("nests deeper", ex.Message);
    }

    [Fact]
    public void Atom_and_json_feed_are_read()
    {
        string atom = "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>A</title><link href=\"https://asiaplus.example/\"/>" +
                      "<entry><id>tag:1</id><title>Ceasefire agreed at Vorukh</title><link href=\"/en/1\"/><updated>2025-01-17T08:00:00Z</updated><summary type=\"html\">&lt;p&gt;Border services agreed.&lt;/p&gt;</summary></entry></feed>";
        var a = Parse(atom).Items.Single();
        Assert.Equal("Ceasefire agreed at Vorukh", a.Title);
        Assert.Equal("Border services agreed.", a.Summary);
        Assert.Equal("https://asiaplus.example/en/1", a.Link);

        string json = "{\"version\":\"https://jsonfeed.org/version/1.1\",\"title\":\"J\",\"items\":[{\"id\":\"j1\",\"title\":\"Checkpoint Kyzyl-Bel reopens\",\"url\":\"https://j.example/1\",\"content_text\":\"Crossing resumed.\",\"date_published\":\"2025-03-13T09:00:00Z\"}]}";
        var j = Parse(json).Items.Single();
        Assert.Equal("Checkpoint Kyzyl-Bel reopens", j.Title);
        Assert.Equal(new DateTimeOffset(2025, 3, 13, 9, 0, 0, TimeSpan.Zero), j.PublishedUtc);
    }

    [Fact]
    public void Future_dates_are_clamped_and_missing_dates_stay_missing()
    {
        string xml = "<rss version=\"2.0\"><channel><title>T</title>" +
                     "<item><title>a</title><guid>1</guid><pubDate>Mon, 01 Jan 2035 00:00:00 GMT</pubDate></item>" +
                     "<item><title>b</title><guid>2</guid></item></channel></rss>";
        var items = Parse(xml).Items;
        Assert.Equal(new DateTimeOffset(2025, 3, 14, 0, 0, 0, TimeSpan.Zero), items[0].PublishedUtc);
        Assert.Null(items[1].PublishedUtc);
    }

    [Fact]
    public void Windows1251_body_declared_as_utf8_is_still_read()
    {
        var feed = Parse(Encoding.GetEncoding(1251).GetBytes(Rss(" encoding=\"utf-8\"", Title)), "utf-8");
        Assert.Equal(Title, feed.Items[0].Title);
    }

    [Fact]
    public void Invalid_character_references_and_nul_bytes_do_not_break_the_feed()
    {
        var feed = Parse(Rss("", "Road&#x0; blocked\u0000 near &#55296;Vorukh &#1042;"));
        string title = feed.Items[0].Title;
        Assert.StartsWith("Road", title);
        Assert.EndsWith("Vorukh В", title);
        Assert.DoesNotContain('\0', title);
    }

    [Fact]
    public void Rss_1_0_rdf_is_read()
    {
        string rdf = "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns=\"http://purl.org/rss/1.0/\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">" +
                     "<channel rdf:about=\"https://n.example/\"><title>R</title><link>https://n.example/</link></channel>" +
                     "<item rdf:about=\"https://n.example/1\"><title>Checkpoint reopened at Kyzyl-Bel</title><link>https://n.example/1</link><dc:date>2025-03-13T10:00:00Z</dc:date></item></rdf:RDF>";
        var item = Parse(rdf).Items.Single();
        Assert.Equal("Checkpoint reopened at Kyzyl-Bel", item.Title);
    }

    [Fact]
    public void Json_feed_html_content_becomes_text_and_item_count_is_bounded()
    {
        var items = string.Join(",", Enumerable.Range(0, 2000).Select(i => $"{{\"id\":\"{i}\",\"title\":\"T{i}\",\"content_html\":\"<p onclick=\\\"x()\\\">Shots <script>alert(1)</script>fired</p>\"}}"));
        var feed = Parse("{\"version\":\"https://jsonfeed.org/version/1\",\"title\":\"J\",\"items\":[" + items + "]}");
        Assert.Equal(FeedParser.MaxItems, feed.Items.Count);
        Assert.Equal("Shots fired", feed.Items[0].Summary.Length > 0 ? feed.Items[0].Summary : feed.Items[0].Content);
    }

    [Fact]
    public void Items_without_any_text_are_skipped_and_titles_fall_back_to_the_summary()
    {
        string xml = "<rss version=\"2.0\"><channel><title>T</title><item><guid>1</guid></item>" +
                     "<item><guid>2</guid><description>Mortar fire reported near Vorukh on Monday evening.</description></item></channel></rss>";
        var item = Parse(xml).Items.Single();
        Assert.StartsWith("Mortar fire reported near Vorukh", item.Title);
    }

    [Theory]
    [InlineData("<html><body>Not a feed</body></html>", "not an RSS")]
    [InlineData("<rss><channel><item><title>unclosed", "not well-formed")]
    [InlineData("   ", "empty")]
    [InlineData("{\"foo\": 1}", "not a JSON Feed")]
    public void Unreadable_bodies_are_refused_with_a_reason(string body, string reason)
    {
        var ex = Assert.Throws<FeedParseException>(() => Parse(body));
        Assert.Contains(reason, ex.Message);
    }
}
