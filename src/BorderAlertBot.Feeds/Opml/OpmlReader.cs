using System.Xml;
using System.Xml.Linq;

namespace BorderAlertBot.Feeds.Opml;

/// <summary>
/// Reads the feeds of an OPML file as feed readers export them (Feedly, Inoreader, Miniflux, NetNewsWire):
/// outlines with an <c>xmlUrl</c> at any depth, folders being outlines without one. Attribute names are
/// matched without regard to case (some exporters write <c>xmlurl</c>); no DTD is ever processed.
/// </summary>
public static class OpmlReader
{
    public static IReadOnlyList<OpmlOutline> Read(Stream stream)
    {
        XDocument doc;
        try
        {
            using var reader = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, MaxCharactersInDocument = 50_000_000 });
            doc = XDocument.Load(reader);
        }
        catch (XmlException ex)
        {
            throw new OpmlException($"not well-formed XML at line {ex.LineNumber}, position {ex.LinePosition}");
        }
        if (doc.Root is not { } root || !root.Name.LocalName.Equals("opml", StringComparison.OrdinalIgnoreCase))
            throw new OpmlException("not an OPML file (the document does not start with <opml>)");
        var body = root.Elements().FirstOrDefault(e => e.Name.LocalName.Equals("body", StringComparison.OrdinalIgnoreCase))
            ?? throw new OpmlException("the OPML file has no <body>");
        var result = new List<OpmlOutline>();
        Collect(body, [], result);
        return result;
    }

    private static void Collect(XElement parent, List<string> folders, List<OpmlOutline> result)
    {
        foreach (var outline in parent.Elements().Where(e => e.Name.LocalName.Equals("outline", StringComparison.OrdinalIgnoreCase)))
        {
            string? xmlUrl = Attribute(outline, "xmlUrl");
            string title = Attribute(outline, "title") ?? Attribute(outline, "text") ?? "";
            if (!string.IsNullOrWhiteSpace(xmlUrl))
                result.Add(new OpmlOutline(xmlUrl.Trim(), title.Trim(), Attribute(outline, "htmlUrl"), Attribute(outline, "language"), folders.ToArray(), Attribute(outline, "region")));
            if (outline.HasElements) Collect(outline, [.. folders, title.Trim()], result);
        }
    }

    private static string? Attribute(XElement e, string name) =>
        e.Attributes().FirstOrDefault(a => a.Name.LocalName.Equals(name, StringComparison.OrdinalIgnoreCase))?.Value;
}

/// <summary>An OPML file that cannot be read, with the reason in plain words.</summary>
public sealed class OpmlException(string message) : Exception(message);
