using BorderAlertBot.Core.Text;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Authentication;
using Microsoft.Extensions.Options;

namespace BorderAlertBot.Feeds.Fetching;

/// <summary>
/// Fetches one URL politely and defensively: conditional GET, an honest User-Agent, a deadline over
/// headers and body, a body cap (as sent and decompressed), a redirect cap with each hop checked,
/// http/https only. Never throws for what the remote side does: every failure is a <see cref="FetchResult"/>
/// with a reason.
/// </summary>
public sealed class FeedFetcher(IHttpClientFactory clients, IOptions<FetchOptions> options, TimeProvider time)
{
    public const string ClientName = "feeds";
    private const string FeedAccept = "application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.5";

    public Task<FetchResult> FetchFeedAsync(Uri url, string? etag, string? lastModified, CancellationToken cancellationToken) =>
        FetchAsync(url, etag, lastModified, FeedAccept, cancellationToken);

    public Task<FetchResult> FetchPageAsync(Uri url, CancellationToken cancellationToken) =>
        FetchAsync(url, null, null, "text/html, application/xhtml+xml;q=0.9, */*;q=0.5", cancellationToken);

    private async Task<FetchResult> FetchAsync(Uri url, string? etag, string? lastModified, string accept, CancellationToken cancellationToken)
    {
        var o = options.Value;
        // The deadline is wall-clock time on purpose: it bounds real network waits, while the injected
        // clock drives calendar logic (Retry-After dates here; backoff and schedules elsewhere).
        using var deadline = new CancellationTokenSource(o.Timeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var client = clients.CreateClient(ClientName);
        Uri current = url;
        Uri? moved = null;
        bool allPermanent = true;
        var visited = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            for (int hop = 0; ; hop++)
            {
                if (current.Scheme is not ("http" or "https"))
                    return FetchResult.Fail($"only http and https URLs can be fetched, not {current.Scheme}:", permanent: true);
                if (!visited.Add(current.AbsoluteUri))
                    return FetchResult.Fail($"redirect loop at {current}", permanent: true);

                using var request = new HttpRequestMessage(HttpMethod.Get, current);
                request.Headers.UserAgent.ParseAdd(o.UserAgent);
                request.Headers.Accept.ParseAdd(accept);
                if (!string.IsNullOrEmpty(etag)) request.Headers.TryAddWithoutValidation("If-None-Match", etag);
                if (!string.IsNullOrEmpty(lastModified)) request.Headers.TryAddWithoutValidation("If-Modified-Since", lastModified);

                using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
                int status = (int)response.StatusCode;
                if (status is 301 or 302 or 303 or 307 or 308)
                {
                    var location = response.Headers.Location;
                    if (location is null) return FetchResult.Fail($"HTTP {status} redirect without a Location header");
                    if (hop >= o.MaxRedirects) return FetchResult.Fail($"too many redirects (more than {o.MaxRedirects})");
                    current = location.IsAbsoluteUri ? location : new Uri(current, location);
                    if (status is 301 or 308 && allPermanent) moved = current; else allPermanent = false;
                    continue;
                }
                if (status == 304)
                    return new FetchResult { Status = FetchStatus.NotModified, ETag = etag, LastModified = lastModified, FinalUrl = current, MovedPermanentlyTo = allPermanent ? moved : null };
                if (!response.IsSuccessStatusCode)
                {
                    var retryAfter = response.Headers.RetryAfter?.Delta
                        ?? (response.Headers.RetryAfter?.Date is { } date ? date - time.GetUtcNow() : null);
                    return FetchResult.Fail($"HTTP {status} {response.ReasonPhrase}".TrimEnd(),
                        permanent: status is 404 or 410 or 401 or 403, retryAfter: retryAfter);
                }
                if (response.Content.Headers.ContentLength is long declared && declared > o.MaxBodyBytes)
                    return FetchResult.Fail($"the body is {ByteSize.Format(declared)}, over the {ByteSize.Format(o.MaxBodyBytes)} limit (BorderAlert__Fetch__MaxBodyBytes)");

                byte[]? body = await ReadCappedAsync(response.Content, o.MaxBodyBytes, linked.Token);
                if (body is null) return FetchResult.Fail($"the body is over the {ByteSize.Format(o.MaxBodyBytes)} limit after decompression (BorderAlert__Fetch__MaxBodyBytes)");
                MediaTypeHeaderValue? contentType = response.Content.Headers.ContentType;
                return new FetchResult
                {
                    Status = FetchStatus.Ok,
                    Body = body,
                    Charset = contentType?.CharSet?.Trim('"', '\''),
                    MediaType = contentType?.MediaType,
                    ETag = response.Headers.ETag?.ToString(),
                    LastModified = response.Content.Headers.LastModified?.ToString("R"),
                    FinalUrl = current,
                    MovedPermanentlyTo = allPermanent ? moved : null,
                };
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return FetchResult.Fail($"timed out after {o.Timeout.TotalSeconds:0} s");
        }
        catch (HttpRequestException ex)
        {
            return FetchResult.Fail(Describe(ex), permanent: ex.InnerException is BlockedAddressException || ex is BlockedAddressException);
        }
        catch (InvalidDataException ex)
        {
            return FetchResult.Fail($"the compressed body is corrupt ({ex.Message})");
        }
        catch (IOException ex) when (!cancellationToken.IsCancellationRequested)
        {
            return FetchResult.Fail($"the connection broke while reading ({ex.Message})");
        }
    }

    private static async Task<byte[]?> ReadCappedAsync(HttpContent content, long max, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > max) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static string Describe(HttpRequestException ex)
    {
        for (Exception? e = ex; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case BlockedAddressException blocked: return blocked.Message;
                case System.Net.Sockets.SocketException socket:
                    return socket.SocketErrorCode switch
                    {
                        System.Net.Sockets.SocketError.ConnectionRefused => "connection refused",
                        System.Net.Sockets.SocketError.HostNotFound or System.Net.Sockets.SocketError.NoData => "the host name does not resolve",
                        System.Net.Sockets.SocketError.TimedOut => "the connection timed out",
                        _ => $"network error ({socket.SocketErrorCode})",
                    };
                case AuthenticationException: return "TLS handshake failed (certificate or protocol problem)";
            }
        }
        return ex.HttpRequestError switch
        {
            HttpRequestError.NameResolutionError => "the host name does not resolve",
            HttpRequestError.ConnectionError => "could not connect",
            HttpRequestError.SecureConnectionError => "TLS handshake failed",
            HttpRequestError.InvalidResponse => "the server sent an invalid HTTP response",
            HttpRequestError.ResponseEnded => "the server closed the connection early",
            _ => ex.Message,
        };
    }
}
