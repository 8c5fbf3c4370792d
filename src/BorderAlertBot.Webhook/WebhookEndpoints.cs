using System.Security.Cryptography;
using System.Text;
using BorderAlertBot.Core.Delivery;
using Microsoft.Extensions.Options;

namespace BorderAlertBot.Webhook;

/// <summary>
/// The configured webhook URLs as destinations. A destination's target is the first 16 hex digits of the
/// URL's SHA-256: stable while the URL stays (reordering the list changes nothing), free of the URL's
/// secret, and unknown again once the URL leaves the configuration (its pending deliveries then fail
/// with a clear reason instead of going somewhere else).
/// </summary>
public sealed class WebhookEndpoints(IOptions<WebhookOptions> options) : IChannelSource
{
    public string Platform => WebhookSink.PlatformName;

    public static string IdOf(string url) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(url.Trim())))[..16];

    public Uri? Find(Destination destination) =>
        destination.Platform == WebhookSink.PlatformName
            ? Urls().FirstOrDefault(u => IdOf(u.OriginalString) == destination.Target)
            : null;

    public Task<IReadOnlyList<Destination>> GetChannelsAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Destination>>(Urls().Select(u => Destination.ChatOf(WebhookSink.PlatformName, IdOf(u.OriginalString))).Distinct().ToList());

    private IEnumerable<Uri> Urls() =>
        options.Value.Urls.Where(u => !string.IsNullOrWhiteSpace(u)).Select(u => new Uri(u.Trim(), UriKind.Absolute));
}
