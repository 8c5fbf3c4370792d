using System.ComponentModel.DataAnnotations;

namespace BorderAlertBot.Web;

/// <summary>BorderAlert:Web — the HTTP side of `run`.</summary>
public sealed class WebOptions : IValidatableObject
{
    public const string Section = "BorderAlert:Web";

    /// <summary>false: `run` serves nothing over HTTP.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Where to listen, ';'-separated (Kestrel URL syntax). Loopback by default; the container listens on all interfaces.</summary>
    [Required(AllowEmptyStrings = false)]
    public string Urls { get; set; } = "http://127.0.0.1:8080";

    /// <summary>Show each feed's name, last success and last error on the status page. Off: only counts.</summary>
    public bool ShowFeedDetail { get; set; }

    /// <summary>The public address of the site, for absolute links in the feeds (behind a proxy). Unset: taken from the request.</summary>
    public Uri? PublicUrl { get; set; }

    /// <summary>How many days the status page and the feeds cover.</summary>
    [Range(1, 365)]
    public int Days { get; set; } = 30;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (string url in Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            // Kestrel's "http://+:8080" and "http://*:8080" mean every interface.
            string probe = url.Replace("://+", "://0.0.0.0", StringComparison.Ordinal).Replace("://*", "://0.0.0.0", StringComparison.Ordinal);
            if (!Uri.TryCreate(probe, UriKind.Absolute, out var u) || (u.Scheme != Uri.UriSchemeHttp && u.Scheme != Uri.UriSchemeHttps))
                yield return new ValidationResult($"'{url}' is not an http:// or https:// address to listen on (e.g. http://127.0.0.1:8080)", [nameof(Urls)]);
        }
        if (PublicUrl is not null && (!PublicUrl.IsAbsoluteUri || (PublicUrl.Scheme != Uri.UriSchemeHttp && PublicUrl.Scheme != Uri.UriSchemeHttps)))
            yield return new ValidationResult("must be an absolute http:// or https:// address", [nameof(PublicUrl)]);
    }
}
