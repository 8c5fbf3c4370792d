using System.Globalization;
using BorderAlertBot.Charts.Map;
using BorderAlertBot.Charts.Raster;
using BorderAlertBot.Charts.Trend;
using BorderAlertBot.Core.Detection;
using BorderAlertBot.Core.Reports;

namespace BorderAlertBot.Charts;

/// <summary>The two pictures of an <see cref="IncidentReport"/>: the map and the trend, as SVG (page) or PNG (chat, files).</summary>
public sealed class IncidentPictures(Gazetteer gazetteer)
{
    public string MapSvg(IncidentReport report, bool standalone = false) =>
        BorderMapSvg.Render(MapMarker.From(report.Incidents), gazetteer.Places, MapTitle(report), standalone);

    public byte[] MapPng(IncidentReport report) =>
        SvgRaster.ToPng(MapSvg(report, standalone: true), MapGeometry.Width, MapGeometry.Height);

    public static byte[] TrendPng(IncidentReport report) => TrendChart.RenderPng(report.PerDay(), TrendTitle(report));

    public static string MapTitle(IncidentReport report) =>
        string.Create(CultureInfo.InvariantCulture, $"Kyrgyz–Tajik border, Batken–Sughd: incidents of the last {report.Days} days ({report.LocalDay(report.FromUtc):yyyy-MM-dd} to {report.LocalDay(report.ToUtc):yyyy-MM-dd})");

    public static string TrendTitle(IncidentReport report) =>
        string.Create(CultureInfo.InvariantCulture, $"Border incidents per day, last {report.Days} days, by severity");
}
