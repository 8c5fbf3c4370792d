using System.Globalization;

namespace BorderAlertBot.Core.Text;

/// <summary>Sizes a person reads at any scale: "512 bytes", "64 KiB", "1.5 MiB", "2 GiB".</summary>
public static class ByteSize
{
    private static readonly string[] Units = ["KiB", "MiB", "GiB", "TiB"];

    public static string Format(long bytes)
    {
        if (bytes < 1024) return bytes.ToString(CultureInfo.InvariantCulture) + (bytes == 1 ? " byte" : " bytes");
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < Units.Length - 1)
        {
            value /= 1024;
            unit++;
        }
        return value.ToString(value < 10 ? "0.#" : "0", CultureInfo.InvariantCulture) + " " + Units[unit];
    }
}
