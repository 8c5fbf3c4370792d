using System.Diagnostics;
using System.Text;
using Microsoft.AspNetCore.Http;
using Xunit;

namespace BorderAlertBot.Tests.Cli;

/// <summary>The real executable: a first run without reachable feeds says so, and a verb cut short by a signal exits 130/143.</summary>
public partial class ProcessTests
{
    private Process StartApp(StringBuilder stderr, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet", [AppPath(), .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = _files.DataDir,
        };
        psi.Environment["BorderAlert__ConfigDir"] = TestPaths.ConfigDir;
        psi.Environment["BorderAlert__Storage__ConnectionString"] = $"Data Source={Path.Combine(_files.DataDir, "proc.db")}";
        psi.Environment["BorderAlert__Fetch__AllowPrivateNetworks"] = "true";
        psi.Environment["BorderAlert__Web__Urls"] = "http://127.0.0.1:0";
        psi.Environment["BorderAlert__Polling__CheckInterval"] = "00:00:01";
        foreach (var key in new[] { "BorderAlert__Telegram__Token", "BorderAlert__Discord__Token" }) psi.Environment.Remove(key);
        var process = Process.Start(psi)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { lock (stderr) stderr.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task Until(Func<bool> condition, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met in time");
            await Task.Delay(50);
        }
    }

    private void MapHanging(string path) => _server.Map(path, async c =>
    {
        c.Response.ContentType = "application/rss+xml";
        await c.Response.WriteAsync("<rss version=\"2.0\"><channel>");
        await c.Response.Body.FlushAsync();
        try { await Task.Delay(60_000, c.RequestAborted); } catch (OperationCanceledException) { }
    });

    [Fact]
    public async Task A_first_run_whose_feeds_all_fail_says_so_and_when_it_retries()
    {
        _server.Map("/down.xml", c => { c.Response.StatusCode = 503; return Task.CompletedTask; });
        string feeds = _files.FeedsFile(("down1", _server.Url("/down.xml")), ("down2", _server.Url("/down.xml?2")));
        var stderr = new StringBuilder();
        using var process = StartApp(stderr, "run", "--feeds", feeds);
        try
        {
            await Until(() => { lock (stderr) return stderr.ToString().Contains("First poll pass", StringComparison.Ordinal); });
            string log;
            lock (stderr) log = stderr.ToString();
            Assert.Contains("First poll pass: 2 of 2 feeds failed (e.g. down", log, StringComparison.Ordinal);
            Assert.Contains("HTTP 503", log, StringComparison.Ordinal);
            Assert.Matches(@"first retry at \d\d:\d\d UTC", log);
            Assert.Equal(0, Kill(process.Id, SigTerm));
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Equal(0, process.ExitCode); // the service stopping is its normal end
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
    }

    [Theory]
    [InlineData("feeds", "check")]
    [InlineData("run", "--once")]
    public async Task A_verb_cut_short_by_sigterm_exits_143(params string[] verb)
    {
        MapHanging("/hang.xml");
        string feeds = _files.FeedsFile(("hang", _server.Url("/hang.xml")));
        var stderr = new StringBuilder();
        string[] args = verb[0] == "feeds" ? [.. verb, _server.Url("/hang.xml").AbsoluteUri] : [.. verb, "--feeds", feeds];
        using var process = StartApp(stderr, args);
        try
        {
            await Until(() => _server.Requests.Any(r => r.Path == "/hang.xml"));
            Assert.Equal(0, Kill(process.Id, SigTerm));
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Equal(143, process.ExitCode);
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
    }
}
