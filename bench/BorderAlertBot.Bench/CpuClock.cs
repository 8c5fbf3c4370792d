using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace BorderAlertBot.Bench;

/// <summary>
/// CPU time, so figures from a shared machine can be read beside wall-clock ones: the calling thread's
/// CPU time (Linux CLOCK_THREAD_CPUTIME_ID; elsewhere the process's) and the process's.
/// </summary>
public static partial class CpuClock
{
    private const int ClockThreadCpuTimeId = 3;

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);

    public static TimeSpan Thread()
    {
        if (OperatingSystem.IsLinux() && ClockGetTime(ClockThreadCpuTimeId, out var t) == 0)
            return TimeSpan.FromTicks(t.Seconds * TimeSpan.TicksPerSecond + t.Nanoseconds / 100);
        return Process();
    }

    public static TimeSpan Process()
    {
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    /// <summary>The 1-minute load average (Linux), to show how busy the shared machine was.</summary>
    public static string LoadAverage()
    {
        try
        {
            return File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";
        }
        catch (IOException) { return "n/a"; }
    }

    internal static string Format(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    internal static long Timestamp() => Stopwatch.GetTimestamp();
}

/// <summary>The GC settings in effect (from the runtimeconfig the project ships, or DOTNET_ variables), so figures say what they ran under.</summary>
public static class GcSettings
{
    public static string Describe()
    {
        var config = GC.GetConfigurationVariables();
        string Get(string key) => config.TryGetValue(key, out var v) ? Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture) ?? "" : "-";
        return $"{(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")} GC, concurrent {Get("ConcurrentGC")}, gen0 max budget {Get("GCGen0MaxBudget")} B, conserve memory {Get("GCConserveMem")}, heap hard limit {Get("GCHeapHardLimit")}";
    }
}
