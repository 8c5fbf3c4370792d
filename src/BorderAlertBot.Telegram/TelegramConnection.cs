using Microsoft.Extensions.Options;
using Telegram.Bot;

namespace BorderAlertBot.Telegram;

/// <summary>
/// The one Telegram.Bot client of the process, with its HttpClient. Retries belong to us, not to the
/// client: RetryCount is 0, so a 429 comes back at once. A delivery then becomes Retry(retry_after) on its
/// outbox row — persisted, visible in its status, surviving a restart, and not holding a dispatcher slot
/// asleep — and the <see cref="SendScheduler"/> holds that chat until retry_after has passed. (The
/// update loop and command replies handle their own 429s the same way: wait retry_after, try again.)
/// The HttpClient comes from IHttpClientFactory with its request logging removed: Telegram puts the
/// token in the URL.
/// </summary>
public sealed class TelegramConnection : IDisposable
{
    private readonly HttpClient _http;
    private readonly string _token;

    public const string ClientName = "telegram";

    public TelegramConnection(IOptions<TelegramOptions> options, IHttpClientFactory clients)
    {
        var o = options.Value;
        _token = o.Token?.Trim() ?? throw new InvalidOperationException($"{TelegramOptions.Section}:Token is not set");
        _http = clients.CreateClient(ClientName);
        // Long polls wait PollingTimeout on the server; sends are bounded by SendTimeout per request.
        _http.Timeout = o.PollingTimeout + TimeSpan.FromSeconds(30);
        Client = new TelegramBotClient(new TelegramBotClientOptions(_token, o.ApiBaseUrl.TrimEnd('/')) { RetryCount = 0, RetryThreshold = 0 }, _http);
    }

    public ITelegramBotClient Client { get; }

    /// <summary>The text with the token (which appears in request URLs) blanked, for logs and stored errors.</summary>
    public string Scrub(string? text) => string.IsNullOrEmpty(text) ? "" : text.Replace(_token, "<token>", StringComparison.Ordinal);

    public void Dispose() => _http.Dispose();
}
