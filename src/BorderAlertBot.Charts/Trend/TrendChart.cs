using System.Globalization;
using BorderAlertBot.Core.Reports;
using ScottPlot;

namespace BorderAlertBot.Charts.Trend;

/// <summary>Incidents per day, stacked by severity (1 at the bottom, 5 on top), drawn with ScottPlot.</summary>
public static class TrendChart
{
    public const int Width = 900, Height = 360;

    public static byte[] RenderPng(IReadOnlyList<DayCounts> days, string title, int width = Width, int height = Height)
    {
        using var plot = Build(days, title);
        return plot.GetImageBytes(width, height, ImageFormat.Png);
    }

    public static string RenderSvg(IReadOnlyList<DayCounts> days, string title, int width = Width, int height = Height)
    {
        using var plot = Build(days, title);
        return plot.GetSvgXml(width, height);
    }

    private static Plot Build(IReadOnlyList<DayCounts> days, string title)
    {
        var plot = new Plot();
        plot.Font.Set("DejaVu Sans"); // the one font the image installs; the default would be a serif where present
        var bars = new List<Bar>();
        for (int i = 0; i < days.Count; i++)
        {
            double bottom = 0;
            for (int s = 1; s <= 5; s++)
            {
                int n = days[i].BySeverity[s - 1];
                if (n == 0) continue;
                bars.Add(new Bar
                {
                    Position = i,
                    ValueBase = bottom,
                    Value = bottom + n,
                    FillColor = Color.FromHex(Palette.ForSeverity(s)),
                    LineWidth = 0,
                    Size = 0.8,
                });
                bottom += n;
            }
        }
        plot.Add.Bars(bars);

        // A legend entry per severity, strongest first.
        for (int s = 5; s >= 1; s--)
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = $"severity {s}", FillColor = Color.FromHex(Palette.ForSeverity(s)) });
        plot.Legend.IsVisible = true;
        plot.Legend.Alignment = Alignment.UpperLeft;

        // Dates on the x axis: about eight labels, whatever the window.
        int step = Math.Max(1, (int)Math.Ceiling(days.Count / 8.0));
        var ticks = Enumerable.Range(0, days.Count).Where(i => i % step == 0 || i == days.Count - 1)
            .Select(i => new Tick(i, days[i].Day.ToString("MMM d", CultureInfo.InvariantCulture))).ToArray();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks);
        int max = days.Count == 0 ? 1 : Math.Max(1, days.Max(d => d.Total));
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        plot.Axes.SetLimits(-0.6, Math.Max(days.Count - 0.4, 0.6), 0, max * 1.15 + 0.5);
        plot.Title(title);
        plot.YLabel("incidents");
        plot.Grid.XAxisStyle.MajorLineStyle.Width = 0;
        return plot;
    }
}
