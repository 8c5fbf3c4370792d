using BorderAlertBot.Tests.Fakes;
using Xunit;

namespace BorderAlertBot.Tests.Web;

/// <summary>/metrics: Prometheus text from the bot's instruments, moving as poll passes run.</summary>
public class MetricsEndpointTests
{
    [Fact]
    public async Task Metrics_parse_as_Prometheus_text_and_counters_move_with_poll_passes()
    {
        await using var rig = await WebRig.StartFeedsAsync();
        rig.FeedItems.Add(new RssBuilder.Item("1", "Bishkek hosts a chess tournament", "Nothing about the border.", "https://24.kg/english/1", DateTimeOffset.UtcNow.AddMinutes(-30)));
        await rig.StartAsync();

        var (_, first) = await rig.WaitForAsync("/metrics", (_, body) =>
            PrometheusText.Sum(PrometheusText.Parse(body), "borderalert_feed_polls_total", ("outcome", "ok")) >= 1);
        var before = PrometheusText.Parse(first);
        Assert.Equal(1, PrometheusText.Sum(before, "borderalert_items_seen_total"));
        Assert.Equal(1, PrometheusText.Sum(before, "borderalert_feeds", ("state", "active")));
        Assert.Equal(0, PrometheusText.Sum(before, "borderalert_alerts_total"));

        // A border item appears: the next pass reads it, alerts, and the console sink delivers it.
        rig.FeedItems.Add(new RssBuilder.Item("2", "Kyrgyz and Tajik border guards exchange fire near Vorukh",
            "Two Kyrgyz border guards were wounded near Vorukh, the Border Service said.", "https://24.kg/english/2", DateTimeOffset.UtcNow.AddMinutes(-5)));
        await rig.MakeFeedsDueAsync();
        // The pending gauge is read from the store when scraped, the counters move as things happen: wait
        // until the delivery is counted and the scrape also finds the outbox empty.
        var (_, second) = await rig.WaitForAsync("/metrics", (_, body) =>
            PrometheusText.Sum(PrometheusText.Parse(body), "borderalert_deliveries_total", ("platform", "console"), ("outcome", "sent")) >= 1
            && PrometheusText.Sum(PrometheusText.Parse(body), "borderalert_outbox_pending") == 0);
        var after = PrometheusText.Parse(second);
        Assert.True(PrometheusText.Sum(after, "borderalert_feed_polls_total", ("outcome", "ok")) > PrometheusText.Sum(before, "borderalert_feed_polls_total", ("outcome", "ok")));
        Assert.True(PrometheusText.Sum(after, "borderalert_items_seen_total") >= 3); // 1, then 2 items per pass
        Assert.Equal(1, PrometheusText.Sum(after, "borderalert_alerts_total", ("category", "armed_clash")));
        Assert.Equal(1, PrometheusText.Sum(after, "borderalert_delivery_latency_seconds_count", ("platform", "console")));
        Assert.Contains(after, s => s.Name == "borderalert_delivery_latency_seconds_bucket" && s.Labels["le"] == "+Inf" && s.Value == 1);
        Assert.Equal(0, PrometheusText.Sum(after, "borderalert_outbox_pending"));
    }
}
