using System.Diagnostics;
using BorderAlertBot.Tests.Fakes;
using Xunit;

namespace BorderAlertBot.Tests.Cli;

/// <summary>The real executable in its own process: `run` polls on the Quartz schedule, delivers, and stops on SIGTERM.</summary>
public class ProcessTests : IAsyncLifetime
{
    private FeedServer _server = null!;
    private readonly CliRunner _files = new();

    public async Task InitializeAsync() => _server = await FeedServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _files.Dispose();
    }

    [Fact]
    public async Task Run_polls_on_schedule_delivers_and_stops_gracefully_on_sigterm()
    {
        _server.MapFeed("/feed.xml", () => RssBuilder.Build("24.kg", [new("p1", "Перестрелка у Ворух: ранены двое пограничников", "Стрельба на кыргызско-таджикской границе.", _server.Url("/n/1").AbsoluteUri, DateTimeOffset.UtcNow.AddMinutes(-5))]));
        string feeds = _files.FeedsFile(("kg24", _server.Url("/feed.xml")));
        var alert = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var process = AppProcess.Start(_files.DataDir, new Dictionary<string, string>
        {
            ["BorderAlert__ConfigDir"] = TestPaths.ConfigDir,
            ["BorderAlert__FeedsFile"] = feeds,
            ["BorderAlert__Storage__ConnectionString"] = $"Data Source={Path.Combine(_files.DataDir, "proc.db")}",
            ["BorderAlert__Fetch__AllowPrivateNetworks"] = "true",
            ["BorderAlert__Console__Format"] = "jsonl",
            ["BorderAlert__Polling__CheckInterval"] = "00:00:01",
        }, "run");
        process.OutputLine += line => { if (line.Contains("\"storyId\"", StringComparison.Ordinal)) alert.TrySetResult(line); };
        if (process.Out.Split('\n').FirstOrDefault(l => l.Contains("\"storyId\"", StringComparison.Ordinal)) is { } early) alert.TrySetResult(early);

        // Generous safety net: a cold `dotnet` start plus the first scheduled poll.
        var line = await alert.Task.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Contains("Ворух", line);

        var stopwatch = Stopwatch.StartNew();
        process.Signal(AppProcess.SigTerm);
        await process.WaitForExitAsync(TimeSpan.FromSeconds(10));
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10));
        Assert.Equal(0, process.ExitCode);
        Assert.DoesNotContain("Unhandled exception", process.Error);
    }
}
