using BorderAlertBot.Telegram;
using Xunit;

namespace BorderAlertBot.Tests.Telegram;

public class TelegramHtmlTests
{
    [Theory]
    [InlineData("a < b & c > d", "a &lt; b &amp; c &gt; d")]
    [InlineData("<script>x</script>", "&lt;script&gt;x&lt;/script&gt;")]
    [InlineData("&amp;", "&amp;amp;")]
    [InlineData("", "")]
    public void Escape_makes_text_inert(string text, string expected) => Assert.Equal(expected, TelegramHtml.Escape(text));

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("data:text/html,<b>x</b>")]
    [InlineData("tg://user?id=1")]
    [InlineData("/relative/path")]
    [InlineData("not a url")]
    [InlineData(null)]
    public void Only_http_and_https_links_are_made(string? url)
    {
        Assert.Null(TelegramHtml.SafeHref(url));
        Assert.Equal("name &amp; co", TelegramHtml.Link("name & co", url));
    }

    [Fact]
    public void A_link_href_is_escaped()
    {
        Assert.Equal("<a href=\"https://x.example/?a=1&amp;b=%3Cc%3E\">x</a>", TelegramHtml.Link("x", "https://x.example/?a=1&b=<c>"));
    }

    [Fact]
    public void Visible_length_counts_entities_as_one_and_tags_as_nothing()
    {
        Assert.Equal(7, TelegramHtml.VisibleLength("<b>a &amp; b</b> <a href=\"https://x\">c</a>"));
    }

    [Fact]
    public void Truncation_never_cuts_a_tag_an_entity_or_a_surrogate_pair_and_closes_what_is_open()
    {
        string html = "<b>Bold &amp; <i>italic 🇰🇬 &lt;tag&gt;</i></b> plain <a href=\"https://x.example/?a=1&amp;b=2\">link &quot;text&quot;</a> <code>id</code>";
        int full = TelegramHtml.VisibleLength(html);
        for (int max = 1; max <= full + 1; max++)
        {
            string cut = TelegramHtml.Truncate(html, max);
            Assert.True(TelegramHtml.VisibleLength(cut) <= Math.Max(max, 1), $"max {max}: {cut}");
            Assert.Empty(TelegramHtmlChecker.Problems(cut));
            Assert.True(WholeSurrogates(cut), $"max {max}: split surrogate pair");
            if (max >= full) Assert.Equal(html, cut);
        }
    }

    private static bool WholeSurrogates(string s)
    {
        for (int i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && (i + 1 >= s.Length || !char.IsLowSurrogate(s[i + 1]))) return false;
            if (char.IsLowSurrogate(s[i]) && (i == 0 || !char.IsHighSurrogate(s[i - 1]))) return false;
        }
        return true;
    }
}
