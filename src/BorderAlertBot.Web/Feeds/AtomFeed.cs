using System.ServiceModel.Syndication;
using System.Text;
using System.Xml;
using BorderAlertBot.Core.Reports;

namespace BorderAlertBot.Web.Feeds;

/// <summary>
/// The bot's alerts as Atom 1.0: one entry per story, its id stable, its &lt;updated&gt; the time of the
/// story's latest alert, so a reader shows an update as a changed entry rather than a new one.
/// </summary>
public static class AtomFeed
{
    public const string ContentType = "application/atom+xml; charset=utf-8";

    public static byte[] Write(IncidentReport report, Uri siteUrl)
    {
        var feed = new SyndicationFeed("Kyrgyz–Tajik border alerts", $"Border incidents found by BorderAlertBot in the last {report.Days} days", siteUrl)
        {
            Id = "urn:borderalert:alerts",
            LastUpdatedTime = report.Incidents.Count > 0 ? report.Incidents.Max(i => i.UpdatedUtc) : report.ToUtc,
            Generator = "BorderAlertBot",
            Language = "en",
        };
        feed.Links.Add(new SyndicationLink(new Uri(siteUrl, "alerts.atom"), "self", null, "application/atom+xml", 0));
        feed.Items = report.Incidents.Select(i => Entry(i, siteUrl)).ToList();

        var settings = new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true };
        using var buffer = new MemoryStream();
        using (var writer = XmlWriter.Create(buffer, settings))
            new Atom10FeedFormatter(feed).WriteTo(writer);
        return buffer.ToArray();
    }

    private static SyndicationItem Entry(Incident i, Uri siteUrl)
    {
        var item = new SyndicationItem
        {
            Id = StoryUrn(i.StoryId),
            Title = new TextSyndicationContent(i.Headline),
            Summary = new TextSyndicationContent(i.Summary.Length > 0 ? i.Summary : i.Headline),
            Content = new TextSyndicationContent(IncidentText.Body(i)),
            PublishDate = i.FirstAlertUtc,
            LastUpdatedTime = i.UpdatedUtc,
        };
        var primary = i.Sources.FirstOrDefault(s => Uri.TryCreate(s.Url, UriKind.Absolute, out _));
        item.Links.Add(new SyndicationLink(primary is not null ? new Uri(primary.Url!) : new Uri(siteUrl, "#story-" + i.StoryId), "alternate", null, "text/html", 0));
        foreach (var s in i.Sources.Skip(1))
            if (Uri.TryCreate(s.Url, UriKind.Absolute, out var url)) item.Links.Add(new SyndicationLink(url, "related", s.Name, "text/html", 0));
        item.Authors.Add(new SyndicationPerson { Name = string.Join(", ", i.Sources.Select(s => s.Name).Distinct(StringComparer.OrdinalIgnoreCase)) });
        item.Categories.Add(new SyndicationCategory(i.Category, "urn:borderalert:category", IncidentText.Category(i.Category)));
        item.Categories.Add(new SyndicationCategory($"severity-{i.Severity}", "urn:borderalert:severity", $"severity {i.Severity}/5"));
        foreach (var p in i.Places)
            item.Categories.Add(new SyndicationCategory(p.Id.Length > 0 ? p.Id : p.Name, "urn:borderalert:place", p.Name));
        return item;
    }

    public static string StoryUrn(string storyId) => "urn:borderalert:story:" + storyId;
}
