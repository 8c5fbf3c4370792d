using System.ComponentModel.DataAnnotations;

namespace BorderAlertBot.Feeds.Fetching;

/// <summary>BorderAlert:Fetch — how feeds and article pages are fetched.</summary>
public sealed class FetchOptions
{
    public const string Section = "BorderAlert:Fetch";

    /// <summary>Deadline for one fetch, headers and body together, so a trickling server cannot hold a worker.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    [Range(typeof(TimeSpan), "00:00:01", "00:02:00")]
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Largest body accepted, after decompression (and as sent, when the server says).</summary>
    [Range(1024, 512L * 1024 * 1024)]
    public long MaxBodyBytes { get; set; } = 8L * 1024 * 1024;

    [Range(0, 20)]
    public int MaxRedirects { get; set; } = 5;

    [Required]
    public string UserAgent { get; set; } = "BorderAlertBot/1.0 (+https://github.com/borderalertbot; Kyrgyz-Tajik border news monitor)";

    /// <summary>Lets feeds on loopback, private and link-local addresses through (intranets, tests). Off by default: SSRF guard.</summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>Concurrent fetches in all.</summary>
    [Range(1, 1024)]
    public int MaxConcurrency { get; set; } = 64;

    /// <summary>Concurrent fetches to one host, to be polite to outlets with many feeds.</summary>
    [Range(1, 64)]
    public int MaxPerHost { get; set; } = 2;
}
