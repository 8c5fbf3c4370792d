using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace BorderAlertBot.Tests.Fakes;

/// <summary>The real executable as a child process, from its own build output, with its output captured; killable with a signal.</summary>
public sealed partial class AppProcess : IDisposable
{
    public const int SigKill = 9;
    public const int SigTerm = 15;

    private readonly Process _process;
    private readonly StringBuilder _out = new();
    private readonly StringBuilder _error = new();

    private AppProcess(Process process) => _process = process;

    public int Id => _process.Id;
    public bool HasExited => _process.HasExited;
    public int ExitCode => _process.ExitCode;
    public string Out { get { lock (_out) return _out.ToString(); } }
    public string Error { get { lock (_error) return _error.ToString(); } }

    /// <summary>Raised with each line of standard output.</summary>
    public event Action<string>? OutputLine;

    /// <summary>The app from its own build output (same configuration as the tests), with its own deps and runtimeconfig.</summary>
    public static string AppPath()
    {
        var testBin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)); // tests/X/bin/<Config>/net10.0
        string configuration = testBin.Parent!.Name;
        string root = testBin.Parent.Parent!.Parent!.Parent!.Parent!.FullName;                            // the repository
        string app = Path.Combine(root, "src", "BorderAlertBot", "bin", configuration, testBin.Name, "BorderAlertBot.dll");
        if (!File.Exists(app)) throw new FileNotFoundException($"the app is not built at {app}");
        return app;
    }

    /// <summary>Starts `dotnet BorderAlertBot.dll <paramref name="args"/>` with the given environment (no chat tokens unless given).</summary>
    public static AppProcess Start(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet", [AppPath(), .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
        };
        foreach (var key in psi.Environment.Keys.Where(k => k.StartsWith("BorderAlert__", StringComparison.Ordinal)).ToList()) psi.Environment.Remove(key);
        foreach (var (key, value) in environment) psi.Environment[key] = value;
        var app = new AppProcess(Process.Start(psi)!);
        app._process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (app._out) app._out.AppendLine(e.Data);
            app.OutputLine?.Invoke(e.Data);
        };
        app._process.ErrorDataReceived += (_, e) => { lock (app._error) app._error.AppendLine(e.Data); };
        app._process.BeginOutputReadLine();
        app._process.BeginErrorReadLine();
        return app;
    }

    public void Signal(int signal)
    {
        if (Kill(_process.Id, signal) != 0) throw new InvalidOperationException($"kill({_process.Id}, {signal}) failed");
    }

    public Task WaitForExitAsync(TimeSpan timeout) => _process.WaitForExitAsync().WaitAsync(timeout);

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
