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
    // The configuration does not change while the bot runs: digest each URL once, not on every send.
    private readonly Lazy<IReadOnlyDictionary<string, Uri>> _byId = new(() => options.Value.Urls
        .Where(u => !string.IsNullOrWhiteSpace(u))
        .Select(u => new Uri(u.Trim(), UriKind.Absolute))
        .DistinctBy(u => IdOf(u.OriginalString))
        .ToDictionary(u => IdOf(u.OriginalString)));

    public string Platform => WebhookSink.PlatformName;

    public static string IdOf(string url) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(url.Trim())))[..16];

    public Uri? Find(Destination destination) =>
        destination.Platform == WebhookSink.PlatformName ? _byId.Value.GetValueOrDefault(destination.Target) : null;

    public Task<IReadOnlyList<Destination>> GetChannelsAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Destination>>(_byId.Value.Keys.Select(id => Destination.ChatOf(WebhookSink.PlatformName, id)).ToList());
}
