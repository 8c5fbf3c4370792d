using System.Diagnostics;

namespace BorderAlertBot.Bench;

/// <summary>Starts this benchmark program again as a child process with other arguments (a fresh process per measurement, or the farm).</summary>
public static class BenchProcess
{
    public static ProcessStartInfo StartInfo(params string[] args)
    {
        string self = Environment.ProcessPath ?? "dotnet";
        var start = new ProcessStartInfo(self) { UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
            start.ArgumentList.Add(typeof(BenchProcess).Assembly.Location);
        foreach (string arg in args) start.ArgumentList.Add(arg);
        return start;
    }
}
