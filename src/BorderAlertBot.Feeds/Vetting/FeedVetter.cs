using BorderAlertBot.Core.Detection;
using BorderAlertBot.Core.Sources;
using BorderAlertBot.Feeds.Fetching;
using BorderAlertBot.Feeds.Parsing;

namespace BorderAlertBot.Feeds.Vetting;

/// <summary>Fetches with the polling fetcher, parses with the polling parser, and runs the detector on every item.</summary>
public sealed class FeedVetter(FeedFetcher fetcher, FeedParser parser, BorderDetector detector) : ISourceVetter
{
    public async Task<SourceVetting> VetAsync(Uri url, CancellationToken cancellationToken)
    {
        var fetch = await fetcher.FetchFeedAsync(url, null, null, cancellationToken);
        if (fetch.Status != FetchStatus.Ok)
            return SourceVetting.Failed(url, fetch.Error ?? "the server answered 304 Not Modified to an unconditional request");
        ParsedFeed parsed;
        try
        {
            parsed = parser.Parse(fetch.Body, fetch.Charset, fetch.FinalUrl ?? url, "check", url.Host, "");
        }
        catch (FeedParseException ex)
        {
            return SourceVetting.Failed(url, ex.Message);
        }
        return new SourceVetting
        {
            Url = url,
            Title = parsed.Title,
            SiteUrl = parsed.SiteUrl,
            MovedTo = fetch.MovedPermanentlyTo,
            Items = parsed.Items.Select(i => new VettedItem(i, detector.Detect(new DetectionInput(i.Title, i.Summary, i.Content)))).ToList(),
        };
    }
}
