using System.Globalization;

namespace BorderAlertBot.Charts.Map;

/// <summary>
/// The drawn area (the Batken–Sughd sector of the Kyrgyz–Tajik border) and its projection, with a coarse,
/// hand-simplified outline of the line and of the two Tajik enclaves in Kyrgyzstan (Vorukh, Western
/// Qal'acha). Schematic on purpose: large parts of this border are not demarcated, and the picture only has
/// to show where incidents cluster, not where the line runs; the page says so under the map.
/// </summary>
public static class MapGeometry
{
    public const double West = 69.30, East = 71.10, South = 39.70, North = 40.36;
    public const int Width = 900, Height = 480;
    private const double Margin = 20;

    // Longitude degrees are shorter than latitude degrees here (cos 40° ≈ 0.77): scale x by that so
    // distances look right, and fit the box into the canvas.
    private static readonly double LonScale = Math.Cos((South + North) / 2 * Math.PI / 180);
    private static readonly double Scale = Math.Min((Width - 2 * Margin) / ((East - West) * LonScale), (Height - 2 * Margin) / (North - South));

    public static bool Contains(double lat, double lon) => lat >= South && lat <= North && lon >= West && lon <= East;

    public static (double X, double Y) Project(double lat, double lon) =>
        (Margin + (lon - West) * LonScale * Scale, Margin + (North - lat) * Scale);

    /// <summary>The line, west to east, as (lat, lon): Leilek's edge with Bobojon Gafurov and Isfara, the Isfara valley tongue down towards Vorukh, then Batken's edge.</summary>
    public static readonly (double Lat, double Lon)[] BorderLine =
    [
        (39.78, 69.32), (39.90, 69.40), (40.02, 69.46), (40.10, 69.58), (40.16, 69.70), (40.23, 69.80), (40.25, 69.95),
        (40.22, 70.10), (40.14, 70.28), (40.06, 70.42), (39.98, 70.50), (39.93, 70.53), (39.95, 70.58), (40.02, 70.63),
        (40.07, 70.70), (40.11, 70.78), (40.16, 70.90), (40.21, 71.05),
    ];

    /// <summary>Vorukh: Tajik land surrounded by Kyrgyz Batken.</summary>
    public static readonly (double Lat, double Lon)[] VorukhEnclave =
        [(39.89, 70.55), (39.88, 70.60), (39.85, 70.62), (39.82, 70.60), (39.82, 70.56), (39.85, 70.54)];

    /// <summary>Western Qal'acha: a small Tajik enclave near Leilek.</summary>
    public static readonly (double Lat, double Lon)[] WestKalachaEnclave =
        [(40.085, 69.535), (40.083, 69.552), (40.070, 69.555), (40.066, 69.540), (40.074, 69.532)];

    public static string PathData(IEnumerable<(double Lat, double Lon)> points, bool close)
    {
        var parts = points.Select((p, i) =>
        {
            var (x, y) = Project(p.Lat, p.Lon);
            return string.Create(CultureInfo.InvariantCulture, $"{(i == 0 ? 'M' : 'L')}{x:0.#},{y:0.#}");
        });
        return string.Join(' ', parts) + (close ? " Z" : "");
    }
}
