namespace BorderAlertBot.Feeds.Parsing;

/// <summary>
/// A cheap look at markup before any XML reader sees it: whether it declares a DTD and how deep its
/// elements nest. It jumps from '&lt;' to '&lt;' (comments, CDATA and processing instructions skipped,
/// quoted attribute values honoured), so it costs a small part of a parse. For any document an XML
/// parser accepts the depth it counts is exact; for broken ones it may not be, which is why it only
/// decides whether the fast path is safe, never whether a document is refused.
/// </summary>
internal static class XmlShape
{
    /// <summary>True when the markup has no DOCTYPE and no element nested deeper than <paramref name="maxDepth"/> (the root is depth 0).</summary>
    public static bool IsPlain(string xml, int maxDepth)
    {
        int depth = 0;
        int i = xml.IndexOf('<');
        while (i >= 0 && i < xml.Length - 1)
        {
            char next = xml[i + 1];
            int end;
            if (next == '/')
            {
                depth--;
                end = xml.IndexOf('>', i + 2);
            }
            else if (next == '?')
            {
                end = IndexAfter(xml, "?>", i + 2);
            }
            else if (next == '!')
            {
                if (string.CompareOrdinal(xml, i, "<!--", 0, 4) == 0) end = IndexAfter(xml, "-->", i + 4);
                else if (string.CompareOrdinal(xml, i, "<![CDATA[", 0, 9) == 0) end = IndexAfter(xml, "]]>", i + 9);
                else return false; // <!DOCTYPE or <!ENTITY: only the repair path may see a DTD
            }
            else
            {
                end = TagEnd(xml, i + 1);
                if (end < 0) return false;
                if (xml[end - 1] != '/' && ++depth > maxDepth + 1) return false;
            }
            if (end < 0) return false;
            i = xml.IndexOf('<', end);
        }
        return true;
    }

    private static int IndexAfter(string xml, string terminator, int from)
    {
        int at = xml.IndexOf(terminator, from, StringComparison.Ordinal);
        return at < 0 ? -1 : at + terminator.Length - 1;
    }

    /// <summary>The index of the '&gt;' that closes the tag, skipping quoted attribute values; -1 when none does.</summary>
    private static int TagEnd(string xml, int from)
    {
        for (int i = from; i < xml.Length; i++)
        {
            char c = xml[i];
            if (c is '"' or '\'')
            {
                int close = xml.IndexOf(c, i + 1);
                if (close < 0) return -1;
                i = close;
            }
            else if (c == '>') return i;
        }
        return -1;
    }
}
