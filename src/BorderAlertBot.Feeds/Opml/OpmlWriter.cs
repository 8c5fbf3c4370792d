using System.Xml;
using System.Xml.Linq;

namespace BorderAlertBot.Feeds.Opml;

/// <summary>
/// Writes OPML 2.0 that any feed reader imports: one flat list of <c>outline</c> elements with the standard
/// attributes <c>text</c>, <c>title</c>, <c>type="rss"</c>, <c>xmlUrl</c>, <c>htmlUrl</c>, and the feed's
/// language in a <c>language</c> attribute and a regional outlet's region in a <c>region</c> attribute (readers
/// ignore attributes they do not know).
/// </summary>
public static class OpmlWriter
{
    public static string Write(string title, DateTimeOffset created, IEnumerable<OpmlOutline> outlines)
    {
        var body = new XElement("body", outlines.Select(o => new XElement("outline",
            new XAttribute("text", o.Title),
            new XAttribute("title", o.Title),
            new XAttribute("type", "rss"),
            new XAttribute("xmlUrl", o.XmlUrl),
            o.HtmlUrl is { Length: > 0 } html ? new XAttribute("htmlUrl", html) : null,
            o.Language is { Length: > 0 } language ? new XAttribute("language", language) : null,
            o.Region is { Length: > 0 } region ? new XAttribute("region", region) : null)));
        var doc = new XDocument(new XDeclaration("1.0", "utf-8", null), new XElement("opml", new XAttribute("version", "2.0"),
            new XElement("head", new XElement("title", title), new XElement("dateCreated", created.ToString("r"))),
            body));
        using var writer = new Utf8StringWriter();
        using (var xml = XmlWriter.Create(writer, new XmlWriterSettings { Indent = true, Encoding = new System.Text.UTF8Encoding(false) }))
            doc.Save(xml);
        return writer.ToString();
    }

    private sealed class Utf8StringWriter : StringWriter
    {
        public override System.Text.Encoding Encoding => new System.Text.UTF8Encoding(false);
    }
}
