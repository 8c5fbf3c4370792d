using System.ComponentModel.DataAnnotations;

namespace BorderAlertBot.Webhook;

/// <summary>
/// BorderAlert:Webhook — URLs that receive every alert as a JSON POST (<c>BorderAlert__Webhook__Urls__0=https://…</c>).
/// A URL often carries a secret (Slack's and n8n's do), so it is never logged and never stored: a webhook's
/// destination in the store is a digest of its URL (<see cref="WebhookEndpoints"/>).
/// </summary>
public sealed class WebhookOptions
{
    public const string Section = "BorderAlert:Webhook";

    public List<string> Urls { get; set; } = [];

    /// <summary>How long one POST may take before it counts as failed and is retried.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:02:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(15);
}
