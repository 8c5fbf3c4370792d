using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BorderAlertBot.Tests.Fakes;

/// <summary>
/// A real HTTP server on 127.0.0.1:0 (Kestrel) serving programmable routes, for fetch and pipeline tests.
/// Each route is a handler; helpers cover feeds with ETag/Last-Modified validators.
/// </summary>
public sealed class FeedServer : IAsyncDisposable
{
    private LoopbackServer _http = null!;
    private readonly ConcurrentDictionary<string, RequestDelegate> _routes = new(StringComparer.Ordinal);
    public ConcurrentQueue<(string Path, Dictionary<string, string> Headers)> Requests { get; } = new();

    private FeedServer() { }

    public Uri BaseUrl { get; private set; } = null!;

    public static async Task<FeedServer> StartAsync()
    {
        var server = new FeedServer();
        server._http = await LoopbackServer.StartAsync(app => app.Run(async context =>
        {
            server.Requests.Enqueue((context.Request.Path + context.Request.QueryString,
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase)));
            if (server._routes.TryGetValue(context.Request.Path.Value ?? "/", out var handler)) await handler(context);
            else context.Response.StatusCode = 404;
        }));
        server.BaseUrl = server._http.BaseUrl;
        return server;
    }

    public Uri Url(string path) => new(BaseUrl, path.TrimStart('/'));

    public void Map(string path, RequestDelegate handler) => _routes[path] = handler;

    /// <summary>Serves a body with ETag and Last-Modified, answering 304 to a matching conditional GET.</summary>
    public void MapFeed(string path, Func<string> body, string contentType = "application/rss+xml; charset=utf-8", string? etag = null)
    {
        Map(path, async context =>
        {
            string text = body();
            string tag = etag ?? "\"" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)))[..16] + "\"";
            if (context.Request.Headers.IfNoneMatch.ToString() == tag)
            {
                context.Response.StatusCode = 304;
                return;
            }
            context.Response.Headers.ETag = tag;
            context.Response.Headers.LastModified = "Wed, 01 Jan 2025 00:00:00 GMT";
            context.Response.ContentType = contentType;
            await context.Response.WriteAsync(text);
        });
    }

    public void MapBytes(string path, byte[] body, string contentType) => Map(path, async context =>
    {
        context.Response.ContentType = contentType;
        await context.Response.Body.WriteAsync(body);
    });

    public async ValueTask DisposeAsync()
    {
        await _http.DisposeAsync();
    }
}
