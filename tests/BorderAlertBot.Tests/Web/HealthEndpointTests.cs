using BorderAlertBot.Tests.Fakes;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Xunit;

namespace BorderAlertBot.Tests.Web;

/// <summary>/healthz and /readyz of a running bot, through the health-check library.</summary>
public class HealthEndpointTests
{
    [Fact]
    public async Task Readyz_is_ready_after_a_poll_pass_and_fails_when_the_store_is_gone()
    {
        await using var rig = await WebRig.StartFeedsAsync();
        await rig.StartAsync();

        var live = await rig.Client.GetAsync("/healthz");
        Assert.Equal(200, (int)live.StatusCode);
        Assert.StartsWith("Healthy", await live.Content.ReadAsStringAsync());

        var (_, ready) = await rig.WaitForAsync("/readyz", (status, _) => status == 200);
        Assert.Contains("store: Healthy", ready);
        Assert.Contains("polling: Healthy", ready);
        Assert.Contains("chat: Healthy", ready);

        // The database file disappears under the running bot: the next read opens an empty file with no tables.
        SqliteConnection.ClearAllPools();
        foreach (var f in new[] { rig.DbPath, rig.DbPath + "-wal", rig.DbPath + "-shm" })
            File.Delete(f);
        SqliteConnection.ClearAllPools();
        var (failing, body) = await rig.WaitForAsync("/readyz", (status, _) => status == 503);
        Assert.Equal(503, failing);
        Assert.Contains("store: Unhealthy — the store cannot be read", body);
        Assert.DoesNotContain(rig.Cli.DataDir, body); // no paths or driver messages on a public page

        // Liveness is about the process, not its dependencies.
        Assert.Equal(200, (int)(await rig.Client.GetAsync("/healthz")).StatusCode);
    }

    [Fact]
    public async Task Readyz_is_not_ready_before_any_poll_pass()
    {
        await using var rig = await WebRig.StartFeedsAsync();
        rig.Cli.Settings["BorderAlert:Polling:CheckInterval"] = "00:10:00";
        rig.Cli.Settings["BorderAlert:Polling:Jitter"] = "0";
        // The first pass needs the feed: hold it until the test has asked.
        var release = new TaskCompletionSource();
        rig.Feeds.Map("/feed.xml", async context =>
        {
            await release.Task;
            context.Response.ContentType = "application/rss+xml";
            await context.Response.WriteAsync(RssBuilder.Build("24.kg", []));
        });
        await rig.StartAsync();

        var response = await rig.Client.GetAsync("/readyz");
        string body = await response.Content.ReadAsStringAsync();
        Assert.Equal(503, (int)response.StatusCode);
        Assert.Contains("polling: Unhealthy — no poll pass has completed yet", body);

        release.SetResult();
        await rig.WaitForAsync("/readyz", (status, _) => status == 200);
    }
}
