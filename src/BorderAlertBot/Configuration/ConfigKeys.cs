using System.Text.RegularExpressions;

namespace BorderAlertBot.Configuration;

/// <summary>
/// Configuration keys as users write them: in environment form (<c>BorderAlert__Fetch__Timeout</c>), the form
/// the README documents and the one that works both as an environment variable and as a path in appsettings.json.
/// </summary>
public static partial class ConfigKeys
{
    public static string EnvForm(string path) => path.Replace(":", "__", StringComparison.Ordinal);

    /// <summary>Rewrites every <c>BorderAlert:A:B</c> path inside a message into its environment form.</summary>
    public static string InEnvForm(string message) => KeyPath().Replace(message, m => EnvForm(m.Value));

    [GeneratedRegex(@"\bBorderAlert(:[A-Za-z0-9_]+)+")]
    private static partial Regex KeyPath();
}
