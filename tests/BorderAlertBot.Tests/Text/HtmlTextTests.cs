using BorderAlertBot.Core.Text;
using Xunit;

namespace BorderAlertBot.Tests.Text;

/// <summary>Feed HTML is untrusted: it becomes text, and nothing executable or clickable survives.</summary>
public class HtmlTextTests
{
    [Theory]
    [InlineData("<p>Shots near <b>Vorukh</b></p>", "Shots near Vorukh")]
    [InlineData("Road&nbsp;blocked &mdash; Tort-Kocho &amp; Ak-Sai", "Road blocked — Tort-Kocho & Ak-Sai")]
    [InlineData("<script>alert('x')</script>Clash<style>p{}</style>", "Clash")]
    [InlineData("<img src=x onerror=\"alert(1)\">Mortars", "Mortars")]
    [InlineData("<a href=\"javascript:alert(1)\">Read</a> more", "Read more")]
    [InlineData("Text<!-- <script>bad()</script> -->after", "Text after")]
    [InlineData("&lt;script&gt;alert(1)&lt;/script&gt;Ceasefire", "Ceasefire")]
    [InlineData("&amp;lt;b&amp;gt;Bold&amp;lt;/b&amp;gt;", "Bold")]
    [InlineData("a < b and c > d", "a < b and c > d")]
    [InlineData("<b>unclosed bold", "unclosed bold")]
    [InlineData("line1<br>line2<p>para</p>", "line1\nline2\npara")]
    [InlineData("\u0001\u0007Bell\u200B and  spaces\t\n", "Bell and spaces")]
    [InlineData("<iframe src=\"https://evil\">x</iframe>Kept", "Kept")]
    public void Html_becomes_plain_text(string html, string expected) =>
        Assert.Equal(expected, HtmlText.ToPlainText(html));

    [Fact]
    public void Unterminated_markup_does_not_hang_or_leak()
    {
        string hostile = "<div title=\"" + new string('x', 100_000) + "<script>";
        Assert.Equal("", HtmlText.ToPlainText(hostile));
        Assert.Equal("", HtmlText.ToPlainText("<script>never closed " + new string('y', 10_000)));
    }
}
