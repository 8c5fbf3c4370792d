using BorderAlertBot.Tests.Fakes;
using Xunit;

namespace BorderAlertBot.Tests.Web;

/// <summary>The status page of a running bot with a seeded store, in a real headless Chromium.</summary>
public class StatusPageBrowserTests
{
    private const int Width = 1000, Height = 1400;

    [Fact]
    public async Task The_page_shows_the_seeded_incidents_on_the_map_and_chart_without_errors_with_and_without_JavaScript()
    {
        await using var rig = await WebRig.StartFeedsAsync();
        var now = DateTimeOffset.UtcNow;
        await rig.SeedAsync(
            TestStore.Alert("p1", "Border guards exchange fire near Vorukh", 5, "armed_clash", now.AddDays(-1), "Two guards wounded.", "st-vorukh", ("vorukh", "Vorukh")),
            TestStore.Alert("p2", "Canal dispute near Kok-Tash <script>alert(1)</script>", 2, "water_land", now.AddDays(-4), "", "st-koktash", ("kok-tash", "Kok-Tash")),
            TestStore.Alert("p3", "Kyzyl-Bel checkpoint reopens", 1, "crossing", now.AddDays(-9), "", "st-kyzylbel", ("kyzyl-bel-checkpoint", "Kyzyl-Bel checkpoint")));
        var site = await rig.StartAsync();

        await using var browser = await HeadlessChromium.StartAsync(Width, Height);
        foreach (bool javaScript in new[] { true, false })
        {
            await browser.SetJavaScriptAsync(javaScript);
            await browser.NavigateAsync(site);

            var stories = await browser.QueryAsync("li.story h3");
            Assert.Equal(3, stories.Count);
            Assert.Contains(stories, s => s.Contains("Border guards exchange fire near Vorukh", StringComparison.Ordinal));
            // Feed text is shown as text, never as markup.
            Assert.Contains(stories, s => s.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", StringComparison.Ordinal));
            Assert.Empty(await browser.QueryAsync("script"));

            var markers = await browser.QueryAsync("svg.border-map g.marker");
            Assert.Equal(3, markers.Count);
            Assert.Contains(markers, m => m.Contains("data-place=\"vorukh\"", StringComparison.Ordinal) && m.Contains("data-severity=\"5\"", StringComparison.Ordinal));
            Assert.Contains(markers, m => m.Contains("data-place=\"kok-tash\"", StringComparison.Ordinal) && m.Contains("data-category=\"water_land\"", StringComparison.Ordinal));
            Assert.Single(await browser.QueryAsync("svg.border-map path.border-line"));

            var chart = Assert.Single(await browser.QueryAsync("img#trend-chart"));
            Assert.Contains("alt=\"Bar chart of incidents per day", chart, StringComparison.Ordinal);
            Assert.Equal(3, (await browser.QueryAsync("figure.trend tbody tr")).Count); // three days with incidents

            if (javaScript)
            {
                Assert.Equal(900, (await browser.EvaluateAsync("document.getElementById('trend-chart').naturalWidth"))!.GetValue<int>());
                Assert.Equal("rgb(255, 255, 255)", (await browser.EvaluateAsync("getComputedStyle(document.body).backgroundColor"))!.GetValue<string>()); // the stylesheet applied
            }

            PngCheck.AssertPicture(await browser.ScreenshotAsync(), Width, Height);
            Assert.True(browser.Errors.IsEmpty, string.Join("\n", browser.Errors));
        }
    }
}
