using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using BorderAlertBot.Core.Reports;
using Microsoft.Extensions.Logging;
using BorderAlertBot.Core.Retry;

namespace BorderAlertBot.Discord.Rest;

/// <summary>
/// Every REST call goes through <see cref="SendAsync"/>: rate limits first, then the request (the named
/// HttpClient carries the base URL, "Authorization: Bot …" and the User-Agent), then the headers are
/// learned. Short 429s, 5xx and network errors are retried here with backoff; anything else comes back
/// as a <see cref="DiscordResponse"/>, never an exception. The token is never logged.
/// </summary>
public sealed partial class DiscordRestClient(IHttpClientFactory httpFactory, DiscordRateLimiter limiter, DiscordTuning tuning, TimeProvider time, ILogger<DiscordRestClient> logger)
{
    public const string ClientName = "discord";

    public Task<DiscordResponse> GetAsync(string path, RestRoute route, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, path, route, null, cancellationToken);

    /// <param name="path">Relative to the API base, without a leading slash: "channels/123/messages".</param>
    public Task<DiscordResponse> SendAsync(HttpMethod method, string path, RestRoute route, JsonNode? body, CancellationToken cancellationToken)
    {
        string? json = body?.ToJsonString();
        return SendContentAsync(method, path, route, json is null ? null : () => new StringContent(json, Encoding.UTF8, "application/json"), cancellationToken);
    }

    /// <summary>
    /// A request with files, as Discord's "Uploading Files" describes: multipart/form-data with the JSON
    /// body in a <c>payload_json</c> part and file n in a <c>files[n]</c> part (its filename is what
    /// <c>attachment://</c> URLs and the body's <c>attachments[].filename</c> name). Same limits and retries as JSON.
    /// </summary>
    public Task<DiscordResponse> SendWithFilesAsync(HttpMethod method, string path, RestRoute route, JsonNode payload, IReadOnlyList<Attachment> files, CancellationToken cancellationToken)
    {
        string json = payload.ToJsonString();
        return SendContentAsync(method, path, route, () =>
        {
            var form = new MultipartFormDataContent();
            var body = new StringContent(json, Encoding.UTF8, "application/json");
            form.Add(body, "payload_json");
            for (int i = 0; i < files.Count; i++)
            {
                var file = new ByteArrayContent(files[i].Content);
                file.Headers.ContentType = new MediaTypeHeaderValue(files[i].MediaType);
                form.Add(file, string.Create(CultureInfo.InvariantCulture, $"files[{i}]"), files[i].FileName);
            }
            return form;
        }, cancellationToken);
    }

    // The content is made anew for each attempt: a sent HttpContent is not sent again.
    private async Task<DiscordResponse> SendContentAsync(HttpMethod method, string path, RestRoute route, Func<HttpContent>? content, CancellationToken cancellationToken)
    {
        for (int attempt = 1; ; attempt++)
        {
            if (await limiter.WaitTurnAsync(route, cancellationToken) is { } refusedFor)
            {
                LogGuard(logger, route.Key, refusedFor);
                return new DiscordResponse(0, default, Error: "holding back after invalid requests (a rejected token, or too many 401/403/429 responses): check BorderAlert:Discord:Token", RetryAfter: refusedFor);
            }

            HttpResponseMessage response;
            try
            {
                using var request = new HttpRequestMessage(method, path);
                if (content is not null) request.Content = content();
                response = await httpFactory.CreateClient(ClientName).SendAsync(request, cancellationToken);
            }
            catch (Exception ex) when (ex is HttpRequestException || ex is TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                LogNetworkError(logger, route.Key, attempt, ex.Message);
                if (attempt >= tuning.MaxAttempts) return new DiscordResponse(0, default, Error: $"network error: {ex.Message}");
                await Task.Delay(Backoff(attempt), time, cancellationToken);
                continue;
            }

            using (response)
            {
                int status = (int)response.StatusCode;
                limiter.Observe(route, status, response.Headers);
                string text = await response.Content.ReadAsStringAsync(cancellationToken);
                var parsed = Parse(text);
                int? code = parsed.ValueKind == JsonValueKind.Object && parsed.TryGetProperty("code", out var c) && c.TryGetInt32(out int ci) ? ci : null;
                string? message = parsed.ValueKind == JsonValueKind.Object && parsed.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;

                if (status == 429)
                {
                    var (retryAfter, global) = RateLimited(parsed, response.Headers);
                    limiter.OnRateLimited(route, retryAfter, global);
                    LogRateLimited(logger, route.Key, retryAfter.TotalSeconds, global);
                    if (retryAfter <= tuning.MaxInlineRateLimitWait && attempt < tuning.MaxAttempts) continue; // the limiter waits it out
                    return new DiscordResponse(429, parsed, code, message ?? "rate limited", retryAfter);
                }
                if (status >= 500 && attempt < tuning.MaxAttempts)
                {
                    LogServerError(logger, route.Key, status, attempt);
                    await Task.Delay(Backoff(attempt), time, cancellationToken);
                    continue;
                }
                return new DiscordResponse(status, parsed, code, status >= 400 ? message ?? response.ReasonPhrase : null);
            }
        }
    }

    /// <summary>retry_after (seconds, fractional) from the body, else the Retry-After header; global from either.</summary>
    private static (TimeSpan RetryAfter, bool Global) RateLimited(JsonElement body, HttpResponseHeaders headers)
    {
        double seconds = 1;
        bool global = false;
        if (body.ValueKind == JsonValueKind.Object)
        {
            if (body.TryGetProperty("retry_after", out var r) && r.TryGetDouble(out double s)) seconds = s;
            if (body.TryGetProperty("global", out var g) && g.ValueKind == JsonValueKind.True) global = true;
        }
        else if (headers.TryGetValues("Retry-After", out var values)
            && double.TryParse(values.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out double h))
        {
            seconds = h;
        }
        if (headers.TryGetValues("X-RateLimit-Global", out var gv) && string.Equals(gv.FirstOrDefault(), "true", StringComparison.OrdinalIgnoreCase)) global = true;
        return (TimeSpan.FromSeconds(Math.Clamp(seconds, 0, 3600)), global);
    }

    private TimeSpan Backoff(int attempt) => new Backoff(tuning.RetryBaseDelay, TimeSpan.FromMinutes(1)).After(attempt);

    private static JsonElement Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text)) return default;
        try
        {
            using var doc = JsonDocument.Parse(text);
            return doc.RootElement.Clone();
        }
        catch (JsonException)
        {
            return default;
        }
    }

    /// <summary>The headers every call carries. The token goes only into the Authorization header.</summary>
    public static void Configure(HttpClient client, DiscordOptions options)
    {
        client.BaseAddress = new Uri(options.ApiBaseUrl.TrimEnd('/') + "/");
        client.Timeout = TimeSpan.FromSeconds(30);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bot", options.Token);
        client.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", "DiscordBot (https://github.com/borderalertbot/borderalertbot, 1.0)");
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Discord {Route}: rate limited for {Seconds:0.###} s (global: {Global})")]
    private static partial void LogRateLimited(ILogger logger, string route, double seconds, bool global);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Discord {Route}: HTTP {Status}, attempt {Attempt}; retrying")]
    private static partial void LogServerError(ILogger logger, string route, int status, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Discord {Route}: network error on attempt {Attempt}: {Reason}")]
    private static partial void LogNetworkError(ILogger logger, string route, int attempt, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Discord {Route}: not sent, holding back for {Wait} after invalid requests (a rejected token, or too many 401/403/429)")]
    private static partial void LogGuard(ILogger logger, string route, TimeSpan wait);
}
