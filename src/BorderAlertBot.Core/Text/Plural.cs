using System.Globalization;

namespace BorderAlertBot.Core.Text;

/// <summary>"1 alert", "2 alerts", "1 story", "3 stories": counts in replies read as English.</summary>
public static class Plural
{
    public static string Of(int count, string singular, string? plural = null) =>
        count.ToString(CultureInfo.InvariantCulture) + " " + (count == 1 ? singular : plural ?? Regular(singular));

    private static string Regular(string singular) =>
        singular.EndsWith('y') && singular.Length > 1 && !"aeiou".Contains(singular[^2], StringComparison.Ordinal) ? singular[..^1] + "ies"
        : singular.EndsWith('s') || singular.EndsWith("sh", StringComparison.Ordinal) || singular.EndsWith("ch", StringComparison.Ordinal) || singular.EndsWith('x') ? singular + "es"
        : singular + "s";
}
