using System.Text.Json;
using System.Xml;
using BorderAlertBot.Core.Items;
using BorderAlertBot.Core.Text;
using CodeHollow.FeedReader;

namespace BorderAlertBot.Feeds.Parsing;

/// <summary>The result of parsing: the feed's title and its items, as plain text.</summary>
public sealed record ParsedFeed(string Title, Uri? SiteUrl, IReadOnlyList<NewsItem> Items);

/// <summary>Why a body could not be read as a feed, in words a user can act on.</summary>
public sealed class FeedParseException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Reads RSS 0.9x/1.0/2.0, Atom and JSON Feed with CodeHollow.FeedReader, after <see cref="FeedDecoder"/>
/// and <see cref="XmlRepair"/> made the bytes readable. Limits: nesting depth, item count; no DTD ever.
/// Items become <see cref="NewsItem"/>s: plain text only (HTML stripped, entities decoded), links
/// resolved against the feed and restricted to http(s), dates in UTC (future dates clamped to now).
/// </summary>
public sealed class FeedParser(TimeProvider time)
{
    public const int MaxDepth = 64;
    public const int MaxItems = 500;

    public ParsedFeed Parse(byte[] body, string? httpCharset, Uri feedUrl, string feedId, string sourceName, string language)
    {
        string text = FeedDecoder.Decode(body, httpCharset);
        string trimmed = text.TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        if (trimmed.Length == 0) throw new FeedParseException("the response is empty");
        if (HtmlPage.Looks(trimmed)) throw new FeedParseException(HtmlPage.Refusal(text, feedUrl));

        Feed feed = trimmed[0] is '{' ? ReadJsonFeed(trimmed) : ReadXmlFeed(trimmed, text);

        var site = Absolute(feed.Link, feedUrl);
        var baseUrl = site ?? feedUrl;
        var now = time.GetUtcNow();
        var items = new List<NewsItem>();
        foreach (var entry in feed.Items.Take(MaxItems))
        {
            string title = HtmlText.ToPlainText(entry.Title);
            string summary = HtmlText.ToPlainText(entry.Description);
            string content = HtmlText.ToPlainText(entry.Content);
            if (content == summary) content = "";
            if (title.Length == 0) title = BorderAlertBot.Core.Summaries.Summarizer.Trim(summary.Length > 0 ? summary : content, 120);
            if (title.Length == 0) continue;
            var link = Absolute(entry.Link, baseUrl);
            var published = DateOf(entry);
            if (published > now) published = now; // servers with wrong clocks or time zones
            items.Add(new NewsItem
            {
                FeedId = feedId,
                Key = ItemKeys.ItemKey(entry.Id, link?.AbsoluteUri, title, summary),
                Link = link?.AbsoluteUri,
                Title = title,
                Summary = summary,
                Content = content,
                PublishedUtc = published,
                Language = language,
                SourceName = sourceName,
            });
        }
        return new ParsedFeed(HtmlText.ToPlainText(feed.Title), site, items);
    }

    /// <summary>The item's date: published, else (Atom, JSON Feed) updated/modified, else what FeedReader parsed.</summary>
    private static DateTimeOffset? DateOf(FeedItem entry) =>
        FeedDates.Parse(entry.PublishingDateString)
        ?? entry.SpecificItem switch
        {
            CodeHollow.FeedReader.Feeds.AtomFeedItem atom => FeedDates.Parse(atom.UpdatedDateString),
            CodeHollow.FeedReader.Feeds.JsonFeedItem json => FeedDates.Parse(json.DateModifiedString),
            _ => null,
        }
        ?? (entry.PublishingDate is { } d ? new DateTimeOffset(DateTime.SpecifyKind(d, d.Kind == DateTimeKind.Unspecified ? DateTimeKind.Utc : d.Kind)).ToUniversalTime() : null);

    private static Feed ReadJsonFeed(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = MaxDepth, AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
            if (!doc.RootElement.TryGetProperty("items", out _)) throw new FeedParseException("the JSON is not a JSON Feed (no \"items\")");
            return FeedReader.ReadFromString(json);
        }
        catch (JsonException ex)
        {
            throw new FeedParseException($"the JSON Feed is not valid JSON ({ex.Message})", ex);
        }
        catch (Exception ex) when (ex is not FeedParseException)
        {
            throw new FeedParseException($"the JSON Feed could not be read ({ex.Message})", ex);
        }
    }

    /// <summary>
    /// Most feeds are well-formed XML without a DTD, nested shallowly: FeedReader reads them as they came,
    /// after one cheap look (<see cref="XmlShape"/>). Only a document that look or FeedReader's XML reader
    /// refuses (an HTML entity, a bare ampersand, a forbidden character, an undeclared prefix, a DOCTYPE,
    /// junk before the root, deep nesting) is repaired by <see cref="XmlRepair"/>, checked by the strict
    /// streaming pass (no DTD, depth cap) and read then.
    /// </summary>
    private static Feed ReadXmlFeed(string trimmed, string text)
    {
        if (trimmed[0] == '<' && XmlShape.IsPlain(trimmed, MaxDepth))
        {
            try
            {
                return ReadXml(trimmed);
            }
            catch (FeedParseException ex) when (ex.InnerException is XmlException)
            {
                // Not well-formed as it came: repaired below.
            }
        }
        string xml = XmlRepair.Repair(text);
        if (xml.Length == 0 || xml[0] != '<') throw new FeedParseException("the response is not XML or JSON");
        if (WellFormedError(xml) is { } error)
            throw new FeedParseException($"the XML is not well-formed (line {error.LineNumber}: {FirstSentence(error.Message)})", error);
        return ReadXml(xml);
    }

    private static Feed ReadXml(string xml)
    {
        try
        {
            return FeedReader.ReadFromString(xml);
        }
        catch (Exception ex) when (ex is XmlException or FormatException or InvalidOperationException or ArgumentException or NullReferenceException or CodeHollow.FeedReader.Parser.FeedTypeNotSupportedException)
        {
            throw new FeedParseException(ex switch
            {
                CodeHollow.FeedReader.Parser.FeedTypeNotSupportedException => "the document is XML but not an RSS, Atom or RDF feed",
                // FeedReader dereferences what a feed must have: the document names a feed format but holds no feed.
                NullReferenceException => "the document has no feed in it (for example <rss> without a <channel>, or an Atom <feed> that is missing its parts)",
                _ => $"the feed could not be read ({ex.Message})",
            }, ex);
        }
    }

    /// <summary>A streaming pass with no DTD and a depth cap, before the DOM-based reader sees the text: null when well-formed.</summary>
    private static XmlException? WellFormedError(string xml)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersFromEntities = 0,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
        };
        try
        {
            using var reader = XmlReader.Create(new StringReader(xml), settings);
            bool any = false;
            while (reader.Read())
            {
                if (reader.NodeType == XmlNodeType.Element)
                {
                    any = true;
                    if (reader.Depth > MaxDepth) throw new FeedParseException($"the XML nests deeper than {MaxDepth} levels");
                }
            }
            if (!any) throw new FeedParseException("the XML has no elements");
            return null;
        }
        catch (XmlException ex)
        {
            return ex;
        }
    }

    private static string FirstSentence(string message)
    {
        int dot = message.IndexOf(". ", StringComparison.Ordinal);
        return dot > 0 ? message[..dot] : message.TrimEnd('.');
    }

    private static Uri? Absolute(string? link, Uri baseUrl)
    {
        if (string.IsNullOrWhiteSpace(link)) return null;
        if (!Uri.TryCreate(baseUrl, link.Trim(), out var uri)) return null;
        return uri.Scheme is "http" or "https" ? uri : null; // javascript:, data:, file: never pass
    }
}
