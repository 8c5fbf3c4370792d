namespace BorderAlertBot.Charts.Map;

/// <summary>
/// Puts map labels where they overlap nothing already placed: right of the point, then left, below,
/// above; a label with no free spot is left out (the marker's tooltip and the page's list still name it).
/// Text width is estimated from the font size (no font metrics needed for an SVG the browser lays out).
/// </summary>
internal sealed class LabelPlacer
{
    private readonly List<(double X, double Y, double W, double H)> _taken = [];

    public void Block(double x, double y, double w, double h) => _taken.Add((x, y, w, h));

    public (double X, double Y, string Anchor)? Place(double x, double y, double radius, string text, int size)
    {
        double w = text.Length * size * 0.62, h = size + 2;
        var candidates = new (double X, double Y, string Anchor, double Left, double Top)[]
        {
            (x + radius + 3, y + size / 3.0, "start", x + radius + 3, y - h / 2),
            (x - radius - 3, y + size / 3.0, "end", x - radius - 3 - w, y - h / 2),
            (x, y + radius + size + 1, "middle", x - w / 2, y + radius + 2),
            (x, y - radius - 4, "middle", x - w / 2, y - radius - 4 - h + 3),
        };
        foreach (var c in candidates)
        {
            if (c.Left < 2 || c.Left + w > MapGeometry.Width - 2 || c.Top < 2 || c.Top + h > MapGeometry.Height - 2) continue;
            if (_taken.Any(t => c.Left < t.X + t.W && t.X < c.Left + w && c.Top < t.Y + t.H && t.Y < c.Top + h)) continue;
            _taken.Add((c.Left, c.Top, w, h));
            return (c.X, c.Y, c.Anchor);
        }
        return null;
    }
}
