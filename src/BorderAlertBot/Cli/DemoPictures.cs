using BorderAlertBot.Charts;
using BorderAlertBot.Core.Reports;
using BorderAlertBot.Core.Storage;
using BorderAlertBot.Web.Page;
using Microsoft.Extensions.DependencyInjection;

namespace BorderAlertBot.Cli;

/// <summary>
/// `demo --pictures DIR`: the map, the trend and the status page of the demo store, as files (the README's
/// pictures are made from these by docs/make-pictures.sh). The window spans the samples' dates.
/// </summary>
public static class DemoPictures
{
    public static async Task<IReadOnlyList<string>> WriteAsync(IServiceProvider services, string dir, DateTimeOffset oldest, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(dir);
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var store = services.GetRequiredService<IStorage>();
        int days = Math.Clamp((int)Math.Ceiling((now - oldest).TotalDays) + 2, 7, IncidentReport.MaxDays);
        var report = await IncidentReport.LoadAsync(store.Alerts, now, days, cancellationToken);
        var pictures = services.GetRequiredService<IncidentPictures>();

        var written = new List<string>();
        async Task Write(string name, byte[] bytes)
        {
            string path = Path.Combine(dir, name);
            await File.WriteAllBytesAsync(path, bytes, cancellationToken);
            written.Add(path);
        }
        await Write("trend.png", IncidentPictures.TrendPng(report));
        await Write("map.png", pictures.MapPng(report));
        string html = StatusPage.Render(new StatusPage.Model(report, pictures.MapSvg(report), await store.Feeds.GetFeedsAsync(cancellationToken), ShowFeedDetail: false, now, AssetBase: ""));
        await Write("status.html", System.Text.Encoding.UTF8.GetBytes(html));
        await Write("site.css", StatusPage.StyleSheet());
        return written;
    }
}
