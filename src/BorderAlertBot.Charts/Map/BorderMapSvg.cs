using System.Globalization;
using System.Net;
using System.Text;
using BorderAlertBot.Core.Detection;

namespace BorderAlertBot.Charts.Map;

/// <summary>
/// Draws the border map as SVG: the coarse line and enclaves, the gazetteer's border places as small grey
/// dots, and one marker per reported place. The same text is inlined in the status page and rasterised
/// for chat, so there is one drawing. Every piece of text is escaped; nothing is fetched (no tiles).
/// </summary>
public static class BorderMapSvg
{
    /// <summary>Towns labelled for orientation even without incidents.</summary>
    private static readonly HashSet<string> Landmarks = new(StringComparer.Ordinal) { "isfara", "batken", "khujand", "vorukh", "razzakov", "kulundu" };

    public static string Render(IReadOnlyList<MapMarker> markers, IReadOnlyList<PlaceEntry> gazetteer, string title, bool standalone)
    {
        var sb = new StringBuilder();
        var ci = CultureInfo.InvariantCulture;
        sb.Append(ci, $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {MapGeometry.Width} {MapGeometry.Height}\"");
        if (standalone) sb.Append(ci, $" width=\"{MapGeometry.Width}\" height=\"{MapGeometry.Height}\"");
        sb.Append(" role=\"img\" aria-labelledby=\"map-title map-desc\" class=\"border-map\" font-family=\"DejaVu Sans, Verdana, sans-serif\">");
        sb.Append(ci, $"<title id=\"map-title\">{Esc(title)}</title>");
        var inside = markers.Where(m => MapGeometry.Contains(m.Lat, m.Lon)).ToList();
        sb.Append(ci, $"<desc id=\"map-desc\">{Esc(Describe(inside, markers.Count - inside.Count))}</desc>");
        sb.Append(ci, $"<rect x=\"0\" y=\"0\" width=\"{MapGeometry.Width}\" height=\"{MapGeometry.Height}\" fill=\"#f6f8f4\"/>");

        // Country names on their side of the line (Tajikistan north-west, Kyrgyzstan south-east).
        AppendText(sb, MapGeometry.Project(40.30, 69.40), "TAJIKISTAN (Sughd)", 15, "#8c959f", "start", bold: true);
        AppendText(sb, MapGeometry.Project(39.74, 69.95), "KYRGYZSTAN (Batken)", 15, "#8c959f", "start", bold: true);

        sb.Append(ci, $"<path class=\"border-line\" d=\"{MapGeometry.PathData(MapGeometry.BorderLine, false)}\" fill=\"none\" stroke=\"#6e7781\" stroke-width=\"2.5\" stroke-dasharray=\"8 4\"/>");
        foreach (var enclave in new[] { MapGeometry.VorukhEnclave, MapGeometry.WestKalachaEnclave })
            sb.Append(ci, $"<path class=\"enclave\" d=\"{MapGeometry.PathData(enclave, true)}\" fill=\"#e3e7de\" stroke=\"#6e7781\" stroke-width=\"1.5\" stroke-dasharray=\"4 3\"/>");

        var labels = new LabelPlacer();
        labels.Block(MapGeometry.Width - 200, MapGeometry.Height - Palette.Categories.Count * 18 - 66, 200, Palette.Categories.Count * 18 + 66); // legend
        var (tx, ty) = MapGeometry.Project(40.30, 69.40);
        labels.Block(tx, ty - 15, 170, 18);
        var (kx, ky) = MapGeometry.Project(39.74, 69.95);
        labels.Block(kx, ky - 15, 180, 18);
        foreach (var m in inside)
        {
            var (x, y) = MapGeometry.Project(m.Lat, m.Lon);
            labels.Block(x - m.Radius, y - m.Radius, 2 * m.Radius, 2 * m.Radius);
        }
        foreach (var p in gazetteer.Where(p => p.Tier is "core" or "area" && MapGeometry.Contains(p.Lat, p.Lon)))
        {
            var (x, y) = MapGeometry.Project(p.Lat, p.Lon);
            sb.Append(ci, $"<circle class=\"place\" cx=\"{x:0.#}\" cy=\"{y:0.#}\" r=\"2\" fill=\"#8c959f\"/>");
        }

        foreach (var m in inside)
        {
            var (x, y) = MapGeometry.Project(m.Lat, m.Lon);
            string colour = Palette.ForCategory(m.Category);
            sb.Append(ci, $"<g class=\"marker\" data-place=\"{Esc(m.PlaceId)}\" data-severity=\"{m.MaxSeverity}\" data-category=\"{Esc(m.Category)}\">");
            sb.Append(ci, $"<title>{Esc(MarkerText(m))}</title>");
            sb.Append(ci, $"<circle cx=\"{x:0.#}\" cy=\"{y:0.#}\" r=\"{m.Radius:0.#}\" fill=\"{colour}\" fill-opacity=\"0.8\" stroke=\"#ffffff\" stroke-width=\"1.5\"/>");
            sb.Append("</g>");
        }
        // Labels: reported places first (bold), then landmarks where there is room; none overlaps another.
        foreach (var m in inside)
        {
            var (x, y) = MapGeometry.Project(m.Lat, m.Lon);
            if (labels.Place(x, y, m.Radius, m.Name, 13) is { } at) AppendText(sb, (at.X, at.Y), m.Name, 13, Palette.Ink, at.Anchor, bold: true);
        }
        foreach (var p in gazetteer.Where(p => Landmarks.Contains(p.Id) && MapGeometry.Contains(p.Lat, p.Lon)
            && !inside.Any(m => m.PlaceId.Equals(p.Id, StringComparison.OrdinalIgnoreCase))))
        {
            var (x, y) = MapGeometry.Project(p.Lat, p.Lon);
            if (labels.Place(x, y, 2, p.Name, 12) is { } at) AppendText(sb, (at.X, at.Y), p.Name, 12, Palette.Muted, at.Anchor, bold: false);
        }

        AppendLegend(sb);
        sb.Append("</svg>");
        return sb.ToString();
    }

    public static string MarkerText(MapMarker m) =>
        string.Create(CultureInfo.InvariantCulture, $"{m.Name}: {m.Incidents} incident{(m.Incidents == 1 ? "" : "s")}, most severe {m.MaxSeverity}/5 ({Palette.CategoryLabel(m.Category)})");

    private static string Describe(List<MapMarker> inside, int outside)
    {
        if (inside.Count == 0 && outside == 0) return "No incidents in this period.";
        var text = string.Join("; ", inside.Take(12).Select(MarkerText));
        if (inside.Count > 12) text += $"; and {inside.Count - 12} more places";
        if (outside > 0) text += $". {outside} reported place{(outside == 1 ? " lies" : "s lie")} outside the drawn sector.";
        return text;
    }

    private static void AppendLegend(StringBuilder sb)
    {
        var ci = CultureInfo.InvariantCulture;
        double x = MapGeometry.Width - 190, y = MapGeometry.Height - Palette.Categories.Count * 18 - 48;
        sb.Append(ci, $"<g class=\"legend\"><rect x=\"{x - 10}\" y=\"{y - 16}\" width=\"190\" height=\"{Palette.Categories.Count * 18 + 44}\" fill=\"#ffffff\" fill-opacity=\"0.9\" stroke=\"#d0d7de\"/>");
        foreach (var c in Palette.Categories)
        {
            sb.Append(ci, $"<circle cx=\"{x}\" cy=\"{y - 4}\" r=\"6\" fill=\"{Palette.ForCategory(c)}\"/>");
            AppendText(sb, (x + 12, y), Palette.CategoryLabel(c), 12, Palette.Ink, "start", bold: false);
            y += 18;
        }
        sb.Append(ci, $"<path d=\"M{x - 6},{y + 2} L{x + 14},{y + 2}\" stroke=\"#6e7781\" stroke-width=\"2.5\" stroke-dasharray=\"8 4\"/>");
        AppendText(sb, (x + 20, y + 6), "border (approximate)", 12, Palette.Ink, "start", bold: false);
        y += 18;
        AppendText(sb, (x - 4, y + 6), "size = severity", 12, Palette.Muted, "start", bold: false);
        sb.Append("</g>");
    }

    private static void AppendText(StringBuilder sb, (double X, double Y) at, string text, int size, string fill, string anchor, bool bold) =>
        sb.Append(CultureInfo.InvariantCulture,
            $"<text x=\"{at.X:0.#}\" y=\"{at.Y:0.#}\" font-size=\"{size}\" fill=\"{fill}\" text-anchor=\"{anchor}\"{(bold ? " font-weight=\"bold\"" : "")}>{Esc(text)}</text>");

    private static string Esc(string text) => WebUtility.HtmlEncode(text);
}
