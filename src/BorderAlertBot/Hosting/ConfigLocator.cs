namespace BorderAlertBot.Hosting;

/// <summary>
/// Finds the config directory: BorderAlert__ConfigDir when set; else ./config when it exists (running
/// from the repository); else the config/ copied beside the binary (Docker, installed builds).
/// </summary>
public static class ConfigLocator
{
    public static string Find(IReadOnlyDictionary<string, string?> overrides)
    {
        string? explicitDir = overrides.TryGetValue("BorderAlert:ConfigDir", out var o) && o is not null
            ? o : Environment.GetEnvironmentVariable("BorderAlert__ConfigDir");
        if (!string.IsNullOrWhiteSpace(explicitDir)) return Path.GetFullPath(explicitDir);
        string local = Path.GetFullPath("config");
        if (File.Exists(Path.Combine(local, "appsettings.json"))) return local;
        return Path.Combine(AppContext.BaseDirectory, "config");
    }

    /// <summary>A path from configuration: absolute as given; a relative one that exists from the working directory is used from there; else it is in the config directory.</summary>
    public static string Resolve(string configDir, string path) =>
        Path.IsPathRooted(path) ? path : File.Exists(path) ? Path.GetFullPath(path) : Path.Combine(configDir, path);
}
