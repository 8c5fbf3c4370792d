using System.Text;
using SkiaSharp;
using Svg.Skia;

namespace BorderAlertBot.Charts.Raster;

/// <summary>SVG text to PNG bytes with Svg.Skia (headless; no browser, no display).</summary>
public static class SvgRaster
{
    public static byte[] ToPng(string svg, int width, int height, float scale = 1f)
    {
        using var doc = new SKSvg();
        using (var input = new MemoryStream(Encoding.UTF8.GetBytes(svg)))
            if (doc.Load(input) is null) throw new InvalidOperationException("the SVG could not be read");
        var info = new SKImageInfo((int)(width * scale), (int)(height * scale));
        using var surface = SKSurface.Create(info) ?? throw new InvalidOperationException("no drawing surface");
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        canvas.Scale(scale);
        canvas.DrawPicture(doc.Picture);
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }
}
