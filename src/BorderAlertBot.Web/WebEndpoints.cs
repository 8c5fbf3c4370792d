using System.Globalization;
using System.Text.Json;
using BorderAlertBot.Charts;
using BorderAlertBot.Core.Reports;
using BorderAlertBot.Core.Storage;
using BorderAlertBot.Web.Feeds;
using BorderAlertBot.Web.Health;
using BorderAlertBot.Web.Metrics;
using BorderAlertBot.Web.Page;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using BorderAlertBot.Core.Alerts;

namespace BorderAlertBot.Web;

/// <summary>The routes. Handlers read the store through <see cref="IncidentReport"/>; none writes.</summary>
public static class WebEndpoints
{
    public static void Map(WebApplication app)
    {
        app.Use(Hosting.SecurityHeaders.Middleware);
        app.UseRouting();

        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = c => c.Tags.Contains("live"), ResponseWriter = HealthText.WriteAsync });
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready"), ResponseWriter = HealthText.WriteAsync });

        var sampler = app.Services.GetRequiredService<StoreGaugeSampler>();
        app.MapPrometheusScrapingEndpoint("/metrics", app.Services.GetRequiredService<MeterProvider>(),
            branch => branch.Use(sampler.Middleware), optionsName: null);

        app.MapGet("/", StatusAsync);
        app.MapGet("/site.css", SiteCssAsync);
        app.MapGet("/favicon.svg", FaviconAsync);
        app.MapGet("/trend.png", TrendPngAsync);
        app.MapGet("/map.svg", MapSvgAsync);
        app.MapGet("/alerts.atom", AtomAsync);
        app.MapGet("/alerts.json", JsonFeedAsync);
        app.MapGet("/api/alerts", ApiAlertsAsync);
    }

    private static async Task StatusAsync(HttpContext context)
    {
        var s = context.RequestServices;
        var options = s.GetRequiredService<IOptions<WebOptions>>().Value;
        var now = s.GetRequiredService<TimeProvider>().GetUtcNow();
        var store = s.GetRequiredService<IStorage>();
        var report = await IncidentReport.LoadAsync(store.Alerts, now, options.Days, context.RequestAborted);
        var feeds = await store.Feeds.GetFeedsAsync(context.RequestAborted);
        string html = StatusPage.Render(new StatusPage.Model(report, s.GetRequiredService<IncidentPictures>().MapSvg(report), feeds, options.ShowFeedDetail, now));
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.Headers.CacheControl = "no-cache";
        await context.Response.WriteAsync(html, context.RequestAborted);
    }

    private static async Task SiteCssAsync(HttpContext context)
    {
        context.Response.ContentType = "text/css; charset=utf-8";
        context.Response.Headers.CacheControl = "public, max-age=3600";
        await context.Response.Body.WriteAsync(StatusPage.StyleSheet(), context.RequestAborted);
    }

    // A marker on a dashed line: the map's own symbols.
    private const string Favicon = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 16 16\"><path d=\"M1 12 L15 4\" stroke=\"#6e7781\" stroke-width=\"2\" stroke-dasharray=\"3 2\"/><circle cx=\"8\" cy=\"8\" r=\"5\" fill=\"#b0413e\"/></svg>";

    private static Task FaviconAsync(HttpContext context)
    {
        context.Response.ContentType = "image/svg+xml";
        context.Response.Headers.CacheControl = "public, max-age=86400";
        return context.Response.WriteAsync(Favicon, context.RequestAborted);
    }

    private static async Task TrendPngAsync(HttpContext context)
    {
        if (await LoadAsync(context) is not { } report) return;
        byte[] png = IncidentPictures.TrendPng(report);
        context.Response.ContentType = "image/png";
        context.Response.Headers.CacheControl = "no-cache";
        await context.Response.Body.WriteAsync(png, context.RequestAborted);
    }

    private static async Task MapSvgAsync(HttpContext context)
    {
        if (await LoadAsync(context) is not { } report) return;
        context.Response.ContentType = "image/svg+xml; charset=utf-8";
        context.Response.Headers.CacheControl = "no-cache";
        await context.Response.WriteAsync(context.RequestServices.GetRequiredService<IncidentPictures>().MapSvg(report, standalone: true), context.RequestAborted);
    }

    private static async Task AtomAsync(HttpContext context)
    {
        if (await LoadAsync(context) is not { } report) return;
        context.Response.ContentType = AtomFeed.ContentType;
        await context.Response.Body.WriteAsync(AtomFeed.Write(report, SiteUrl(context)), context.RequestAborted);
    }

    private static async Task JsonFeedAsync(HttpContext context)
    {
        if (await LoadAsync(context) is not { } report) return;
        context.Response.ContentType = JsonFeed.ContentType;
        await context.Response.Body.WriteAsync(JsonFeed.Write(report, SiteUrl(context)), context.RequestAborted);
    }

    private static async Task ApiAlertsAsync(HttpContext context)
    {
        if (await LoadAsync(context) is not { } report) return;
        var body = new
        {
            from = report.FromUtc,
            to = report.ToUtc,
            days = report.Days,
            count = report.Incidents.Count,
            incidents = report.Incidents.Select(IncidentJson.From).ToList(),
        };
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.Body.WriteAsync(JsonSerializer.SerializeToUtf8Bytes(body, JsonFeed.Options), context.RequestAborted);
    }

    /// <summary>The report for ?days=&amp;minSeverity=&amp;place=; a bad value answers 400 with a sentence saying which and why.</summary>
    private static async Task<IncidentReport?> LoadAsync(HttpContext context)
    {
        var s = context.RequestServices;
        var q = context.Request.Query;
        int days = s.GetRequiredService<IOptions<WebOptions>>().Value.Days, minSeverity = 0;
        string? error = null;
        if (q.TryGetValue("days", out var d) && !(int.TryParse(d, NumberStyles.None, CultureInfo.InvariantCulture, out days) && days is >= 1 and <= IncidentReport.MaxDays))
            error = $"days must be a whole number from 1 to {IncidentReport.MaxDays}";
        else if (q.TryGetValue("minSeverity", out var m) && !(int.TryParse(m, NumberStyles.None, CultureInfo.InvariantCulture, out minSeverity) && minSeverity is >= 0 and <= 5))
            error = "minSeverity must be a whole number from 0 to 5";
        string? place = q.TryGetValue("place", out var p) ? p.ToString() : null;
        if (error is null && place is { Length: > 100 }) error = "place must be at most 100 characters";
        if (error is not null)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            context.Response.ContentType = "application/json; charset=utf-8";
            await context.Response.Body.WriteAsync(JsonSerializer.SerializeToUtf8Bytes(new { error }), context.RequestAborted);
            return null;
        }
        var now = s.GetRequiredService<TimeProvider>().GetUtcNow();
        return await IncidentReport.LoadAsync(s.GetRequiredService<IStorage>().Alerts, now, days, context.RequestAborted, minSeverity, place);
    }

    /// <summary>The site's root URL for absolute links: the configured public URL, else the request's own.</summary>
    private static Uri SiteUrl(HttpContext context)
    {
        var configured = context.RequestServices.GetRequiredService<IOptions<WebOptions>>().Value.PublicUrl;
        if (configured is not null) return configured.AbsoluteUri.EndsWith('/') ? configured : new Uri(configured.AbsoluteUri + "/");
        var r = context.Request;
        return new Uri($"{r.Scheme}://{r.Host.ToUriComponent()}{r.PathBase.ToUriComponent()}/");
    }
}
