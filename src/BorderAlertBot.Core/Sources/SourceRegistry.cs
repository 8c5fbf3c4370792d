using System.Globalization;
using System.Text;
using BorderAlertBot.Core.Items;
using BorderAlertBot.Core.Storage;
using BorderAlertBot.Core.Feeds;

namespace BorderAlertBot.Core.Sources;

/// <summary>
/// Adds sources that do not come from a feeds file (a chat admin's `/source add`, `feeds import`): refuses a
/// URL already in the set, vets the feed exactly as `feeds check` does, and keeps it under a readable id
/// made from its address. What it adds is the store's to keep: restarts and feeds files leave it alone.
/// </summary>
public sealed class SourceRegistry(IFeedStore store, ISourceVetter vetter, TimeProvider time)
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMinutes(10);

    public async Task<SourceAddResult> AddAsync(SourceRequest request, string origin, string addedBy, CancellationToken cancellationToken)
    {
        if (request.Url.Scheme is not ("http" or "https"))
            return SourceAddResult.Refused($"'{request.Url}' is not an http or https address");
        var feeds = await store.GetFeedsAsync(cancellationToken);
        if (feeds.FirstOrDefault(f => SameUrl(f.Url, request.Url)) is { } existing)
            return SourceAddResult.Duplicate(existing.Id);

        var vetting = await vetter.VetAsync(request.Url, cancellationToken);
        if (!vetting.Ok) return SourceAddResult.Refused(vetting.Error!, vetting);
        var url = vetting.MovedTo ?? request.Url;
        if (vetting.MovedTo is not null && feeds.FirstOrDefault(f => SameUrl(f.Url, url)) is { } moved)
            return SourceAddResult.Duplicate(moved.Id);

        string name = !string.IsNullOrWhiteSpace(request.Name) ? request.Name.Trim() : vetting.Title.Length > 0 ? vetting.Title : url.Host;
        string id = await FreeIdAsync(url, cancellationToken);
        var feed = new FeedDefinition(id, name, url, request.Language ?? "", request.Interval ?? DefaultInterval, request.Region);
        if (!await store.AddFeedAsync(feed, origin, addedBy, time.GetUtcNow(), cancellationToken))
            return SourceAddResult.Duplicate(id); // another process added it meanwhile
        return SourceAddResult.Added(feed, vetting);
    }

    /// <summary>A readable id from the host and path ("24.kg/english/rss" → 24-kg-english-rss), unused by any other feed.</summary>
    private async Task<string> FreeIdAsync(Uri url, CancellationToken cancellationToken)
    {
        string stem = Slug(url);
        for (int n = 1; ; n++)
        {
            string candidate = n == 1 ? stem : stem + "-" + n.ToString(CultureInfo.InvariantCulture);
            var known = await store.GetFeedAsync(candidate, cancellationToken);
            // A removed feed's id is reused only for the same address, so its seen items still mean the same feed.
            if (known is null || SameUrl(known.Url, url)) return candidate;
        }
    }

    public static string Slug(Uri url)
    {
        string host = url.Host.StartsWith("www.", StringComparison.OrdinalIgnoreCase) ? url.Host[4..] : url.Host;
        var sb = new StringBuilder();
        foreach (char c in (host + url.AbsolutePath).ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c)) sb.Append(c);
            else if (sb.Length > 0 && sb[^1] != '-') sb.Append('-');
            if (sb.Length >= 48) break;
        }
        return sb.ToString().Trim('-') is { Length: > 0 } slug ? slug : "feed";
    }

    public static bool SameUrl(Uri a, Uri b) =>
        string.Equals(a.AbsoluteUri.TrimEnd('/'), b.AbsoluteUri.TrimEnd('/'), StringComparison.OrdinalIgnoreCase);
}
