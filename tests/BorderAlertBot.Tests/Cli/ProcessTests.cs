using System.Diagnostics;
using System.Runtime.InteropServices;
using BorderAlertBot.Tests.Fakes;
using Xunit;

namespace BorderAlertBot.Tests.Cli;

/// <summary>The real executable in its own process: `run` polls on the Quartz schedule, delivers, and stops on SIGTERM.</summary>
public partial class ProcessTests : IAsyncLifetime
{
    private FeedServer _server = null!;
    private readonly CliRunner _files = new();

    public async Task InitializeAsync() => _server = await FeedServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _files.Dispose();
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    private const int SigTerm = 15;

    private static string AppPath() => AppProcess.AppPath();

    [Fact]
    public async Task Run_polls_on_schedule_delivers_and_stops_gracefully_on_sigterm()
    {
        _server.MapFeed("/feed.xml", () => RssBuilder.Build("24.kg", [new("p1", "Перестрелка у Ворух: ранены двое пограничников", "Стрельба на кыргызско-таджикской границе.", _server.Url("/n/1").AbsoluteUri, DateTimeOffset.UtcNow.AddMinutes(-5))]));
        string feeds = _files.FeedsFile(("kg24", _server.Url("/feed.xml")));
        var psi = new ProcessStartInfo("dotnet", [AppPath(), "run"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = _files.DataDir,
        };
        psi.Environment["BorderAlert__ConfigDir"] = TestPaths.ConfigDir;
        psi.Environment["BorderAlert__FeedsFile"] = feeds;
        psi.Environment["BorderAlert__Storage__ConnectionString"] = $"Data Source={Path.Combine(_files.DataDir, "proc.db")}";
        psi.Environment["BorderAlert__Fetch__AllowPrivateNetworks"] = "true";
        psi.Environment["BorderAlert__Console__Format"] = "jsonl";
        psi.Environment["BorderAlert__Web__Urls"] = "http://127.0.0.1:0";
        psi.Environment["BorderAlert__Polling__CheckInterval"] = "00:00:01";
        foreach (var key in new[] { "BorderAlert__Telegram__Token", "BorderAlert__Discord__Token" }) psi.Environment.Remove(key);

        using var process = Process.Start(psi)!;
        var alert = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var stderr = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data?.Contains("\"storyId\"", StringComparison.Ordinal) == true) alert.TrySetResult(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (stderr) stderr.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            // Generous safety net: a cold `dotnet` start plus the first scheduled poll.
            var line = await alert.Task.WaitAsync(TimeSpan.FromSeconds(60));
            Assert.Contains("Ворух", line);

            var stopwatch = Stopwatch.StartNew();
            Assert.Equal(0, Kill(process.Id, SigTerm));
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10));
            Assert.Equal(0, process.ExitCode);
            lock (stderr) Assert.DoesNotContain("Unhandled exception", stderr.ToString());
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
    }
}
