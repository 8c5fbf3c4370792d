using System.Globalization;
using BorderAlertBot.Charts.Map;
using BorderAlertBot.Charts.Raster;
using BorderAlertBot.Charts.Trend;
using BorderAlertBot.Core.Detection;
using BorderAlertBot.Core.Reports;

namespace BorderAlertBot.Charts;

/// <summary>The two pictures of an <see cref="IncidentReport"/>: the map and the trend, as SVG (page) or PNG (chat, files).</summary>
public sealed class IncidentPictures(Gazetteer gazetteer) : IIncidentPictures
{
    public const string TrendFileName = "trend.png", MapFileName = "map.png";

    public Attachment Trend(IncidentReport report) => new(TrendPng(report), TrendFileName, Attachment.Png, TrendAlt(report));

    public Attachment Map(IncidentReport report) => new(MapPng(report), MapFileName, Attachment.Png, MapAlt(report));

    public string MapSvg(IncidentReport report, bool standalone = false) =>
        BorderMapSvg.Render(MapMarker.From(report.Incidents), gazetteer.Places, MapTitle(report), standalone);

    public byte[] MapPng(IncidentReport report) =>
        SvgRaster.ToPng(MapSvg(report, standalone: true), MapGeometry.Width, MapGeometry.Height);

    public static byte[] TrendPng(IncidentReport report) => TrendChart.RenderPng(report.PerDay(), TrendTitle(report));

    public static string MapTitle(IncidentReport report) =>
        string.Create(CultureInfo.InvariantCulture, $"Kyrgyz–Tajik border, Batken–Sughd: incidents of the last {report.Days} days ({report.LocalDay(report.FromUtc):yyyy-MM-dd} to {report.LocalDay(report.ToUtc):yyyy-MM-dd})");

    /// <summary>What the trend shows, in words: the window, the total and the busiest day.</summary>
    public static string TrendAlt(IncidentReport report)
    {
        var days = report.PerDay();
        var busiest = days.OrderByDescending(d => d.Total).ThenBy(d => d.Day).FirstOrDefault();
        return string.Create(CultureInfo.InvariantCulture,
            $"Bar chart of border incidents per day over {report.Days} days, stacked by severity: {report.Incidents.Count} in all") +
            (busiest is { Total: > 0 } ? string.Create(CultureInfo.InvariantCulture, $", most on {busiest.Day:yyyy-MM-dd} ({busiest.Total}).") : ".");
    }

    /// <summary>What the map shows, in words: the area and the places with most incidents.</summary>
    public static string MapAlt(IncidentReport report)
    {
        var places = report.PlaceCounts().Take(5).Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Place.Name} ({p.Incidents})")).ToList();
        return string.Create(CultureInfo.InvariantCulture, $"Map of the Kyrgyz–Tajik border in the Batken–Sughd sector with {report.Incidents.Count} incidents of the last {report.Days} days") +
            (places.Count > 0 ? "; most at " + string.Join(", ", places) + "." : ".");
    }

    public static string TrendTitle(IncidentReport report) =>
        string.Create(CultureInfo.InvariantCulture, $"Border incidents per day, last {report.Days} days, by severity");
}
