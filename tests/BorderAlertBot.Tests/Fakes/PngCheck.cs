using SkiaSharp;
using Xunit;

namespace BorderAlertBot.Tests.Fakes;

/// <summary>Decodes a PNG and checks it is a real picture: the PNG signature, the expected size, and not blank.</summary>
public static class PngCheck
{
    public static void AssertPicture(byte[] png, int width, int height)
    {
        Assert.True(png.Length > 8 && png[0] == 0x89 && png[1] == (byte)'P' && png[2] == (byte)'N' && png[3] == (byte)'G', "not a PNG");
        using var bitmap = SKBitmap.Decode(png);
        Assert.NotNull(bitmap);
        Assert.Equal(width, bitmap.Width);
        Assert.Equal(height, bitmap.Height);
        // Not blank: the most common colour (the background) covers less than 98% of the picture, and the
        // rest is more than a few flat colours (text, bars, markers).
        var counts = new Dictionary<uint, int>();
        for (int y = 0; y < bitmap.Height; y += 2)
            for (int x = 0; x < bitmap.Width; x += 2)
            {
                uint c = (uint)bitmap.GetPixel(x, y);
                counts[c] = counts.GetValueOrDefault(c) + 1;
            }
        int total = counts.Values.Sum();
        double background = counts.Values.Max() / (double)total;
        Assert.True(background < 0.98, $"the picture is {background:P1} one colour");
        Assert.True(counts.Count > 20, $"only {counts.Count} colours");
    }
}
