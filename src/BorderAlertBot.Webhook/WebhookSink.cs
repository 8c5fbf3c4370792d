using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using BorderAlertBot.Core.Alerts;
using BorderAlertBot.Core.Delivery;

namespace BorderAlertBot.Webhook;

/// <summary>
/// POSTs each alert, as the same JSON object the console's jsonl prints (<see cref="AlertJson"/>), to its
/// webhook. The <c>Idempotency-Key</c> header is the delivery's own stable key, so a receiver can drop the
/// repeat of a POST whose answer was lost in a crash or a timeout. Retrying is the outbox's job (it survives
/// restarts): 5xx, 408, 429 (honouring Retry-After) and network failures are retried; any other 4xx is
/// permanent, since sending the same body again cannot succeed.
/// </summary>
public sealed class WebhookSink(IHttpClientFactory clients, WebhookEndpoints endpoints, TimeProvider time) : IChatSink
{
    public const string PlatformName = "webhook";
    public const string ClientName = "webhook";

    public string Platform => PlatformName;

    public Task<DeliveryResult> SendAsync(DeliveryRequest request, CancellationToken cancellationToken) =>
        PostAsync(request.Destination, AlertJson.ToLine(request.Alert), IdempotencyKey(request), cancellationToken);

    /// <summary>Admin notices (a feed given up on) as <c>{"notice": "…"}</c>, when the admin destination is a webhook.</summary>
    public Task<DeliveryResult> SendNoticeAsync(Destination destination, string text, CancellationToken cancellationToken) =>
        PostAsync(destination, JsonSerializer.Serialize(new { notice = text }), null, cancellationToken);

    /// <summary>Stable across retries and restarts of one delivery, distinct between deliveries and alerts.</summary>
    public static string IdempotencyKey(DeliveryRequest request) => $"borderalert-{request.Alert.Id}-{request.DeliveryId}";

    private async Task<DeliveryResult> PostAsync(Destination destination, string json, string? idempotencyKey, CancellationToken cancellationToken)
    {
        if (endpoints.Find(destination) is not { } url)
            return DeliveryResult.Failed($"webhook {destination.Target} is no longer in {WebhookOptions.Section}:Urls");
        using var message = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (idempotencyKey is not null) message.Headers.Add("Idempotency-Key", idempotencyKey);
        try
        {
            using var response = await clients.CreateClient(ClientName).SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            return Outcome(response, destination);
        }
        catch (HttpRequestException ex)
        {
            // The message says what failed (refused, reset, name not found) without the URL.
            return DeliveryResult.Retry($"webhook {destination.Target}: {ex.HttpRequestError switch
            {
                HttpRequestError.NameResolutionError => "host name not found",
                HttpRequestError.ConnectionError => "connection failed",
                HttpRequestError.SecureConnectionError => "TLS handshake failed",
                _ => "request failed",
            }}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return DeliveryResult.Retry($"webhook {destination.Target}: no answer within the timeout");
        }
    }

    private DeliveryResult Outcome(HttpResponseMessage response, Destination destination)
    {
        int status = (int)response.StatusCode;
        string what = $"webhook {destination.Target} answered {status} {response.ReasonPhrase}";
        if (response.IsSuccessStatusCode) return DeliveryResult.Sent(null);
        if (status >= 500 || response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout)
            return DeliveryResult.Retry(what, RetryAfter(response.Headers.RetryAfter, time.GetUtcNow()));
        return DeliveryResult.Failed(what);
    }

    internal static TimeSpan? RetryAfter(RetryConditionHeaderValue? header, DateTimeOffset now) => header switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date > now ? date - now : TimeSpan.Zero,
        _ => null,
    };
}
