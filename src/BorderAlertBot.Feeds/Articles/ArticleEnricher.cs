using BorderAlertBot.Core.Items;
using BorderAlertBot.Core.Pipeline;
using BorderAlertBot.Core.Text;
using BorderAlertBot.Feeds.Fetching;
using BorderAlertBot.Feeds.Parsing;
using Microsoft.Extensions.Logging;

namespace BorderAlertBot.Feeds.Articles;

/// <summary>
/// For a relevant item whose feed gave only a headline or one line: fetches the article page under the
/// same guards as feeds (SSRF, size, deadline) and extracts the main text with SmartReader (a port of
/// Mozilla's Readability). Any failure returns null and the pipeline keeps what the feed gave.
/// </summary>
public sealed partial class ArticleEnricher(FeedFetcher fetcher, ILogger<ArticleEnricher> logger) : IArticleEnricher
{
    private const int MaxContent = 20_000;

    public async Task<NewsItem?> EnrichAsync(NewsItem item, CancellationToken cancellationToken)
    {
        if (item.Link is null || !Uri.TryCreate(item.Link, UriKind.Absolute, out var url)) return null;
        var page = await fetcher.FetchPageAsync(url, cancellationToken);
        if (page.Status != FetchStatus.Ok)
        {
            LogFailed(logger, url, page.Error ?? "not modified");
            return null;
        }
        try
        {
            string html = FeedDecoder.Decode(page.Body, page.Charset);
            // News pages are short: a lower character threshold than Readability's book-length default.
            var reader = new SmartReader.Reader((page.FinalUrl ?? url).AbsoluteUri, html) { CharThreshold = 200, ContinueIfNotReadable = true };
            var article = reader.GetArticle();
            string text = article.Completed ? HtmlText.ToPlainText(article.Content) : "";
            if (text.Length < 80) return null;
            if (text.Length > MaxContent) text = text[..MaxContent];
            return item with { Content = text };
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogFailed(logger, url, ex.Message);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Article page {Url} could not be read: {Reason}")]
    private static partial void LogFailed(ILogger logger, Uri url, string reason);
}
