using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;

namespace BorderAlertBot.Bench;

/// <summary>The bench's handle on the `farm-serve` child process: feed URLs, the test authority, and the control commands.</summary>
public sealed class FarmProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly FarmReady _ready;
    private readonly SemaphoreSlim _commands = new(1);

    private FarmProcess(Process process, FarmReady ready, FarmLayout layout)
    {
        _process = process;
        _ready = ready;
        Layout = layout;
        Authority = X509CertificateLoader.LoadCertificate(Convert.FromBase64String(ready.Authority));
    }

    public FarmLayout Layout { get; }
    public X509Certificate2 Authority { get; }
    public int ProcessId => _process.Id;

    /// <summary>The farm's own account of its feeds (kinds and shares).</summary>
    public string Description => _ready.Description;

    public static async Task<FarmProcess> StartAsync(int count, int seed)
    {
        var start = BenchProcess.StartInfo("farm-serve", count.ToString(CultureInfo.InvariantCulture), seed.ToString(CultureInfo.InvariantCulture));
        start.RedirectStandardInput = true;
        start.RedirectStandardOutput = true;
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the farm process");
        string? line = await process.StandardOutput.ReadLineAsync();
        if (line is null || !line.StartsWith("ready ", StringComparison.Ordinal))
            throw new InvalidOperationException($"the farm process did not start (said: {line ?? "nothing"})");
        var ready = JsonSerializer.Deserialize<FarmReady>(line["ready ".Length..])!;
        return new FarmProcess(process, ready, new FarmLayout(count, seed));
    }

    /// <summary>scheme://h{k}.farm.test:port/f/{feed}.xml, the port of the host's address and scheme.</summary>
    public Uri FeedUrl(int feed)
    {
        int host = Layout.HostOf(feed);
        var endpoint = _ready.Endpoints[FarmLayout.AddressIndexOf(host)];
        bool https = Layout.IsHttps(host);
        return new Uri($"{(https ? "https" : "http")}://{FarmLayout.HostName(host)}:{(https ? endpoint.Https : endpoint.Http)}/f/{feed}.xml");
    }

    public async Task<(int Feeds, int Border)> AddNewItemsAsync(double share, double borderShare, int seed)
    {
        var words = (await CommandAsync(string.Create(CultureInfo.InvariantCulture, $"add {share} {borderShare} {seed}"))).Split(' ');
        return (int.Parse(words[1], CultureInfo.InvariantCulture), int.Parse(words[2], CultureInfo.InvariantCulture));
    }

    /// <summary>Every feed's last-sent Stopwatch timestamp (0: never answered).</summary>
    public async Task<long[]> LastSentAsync()
    {
        string path = Path.Combine(Path.GetTempPath(), $"borderalert-farm-sent-{_process.Id}.bin");
        try
        {
            await CommandAsync("sent " + path);
            byte[] bytes = await File.ReadAllBytesAsync(path);
            return System.Runtime.InteropServices.MemoryMarshal.Cast<byte, long>(bytes).ToArray();
        }
        finally { File.Delete(path); }
    }

    public async Task<FarmStats> StatsAsync() => JsonSerializer.Deserialize<FarmStats>(await CommandAsync("stats"))!;

    private async Task<string> CommandAsync(string command)
    {
        await _commands.WaitAsync();
        try
        {
            await _process.StandardInput.WriteLineAsync(command);
            await _process.StandardInput.FlushAsync();
            return await _process.StandardOutput.ReadLineAsync() ?? throw new InvalidOperationException("the farm process ended");
        }
        finally { _commands.Release(); }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _process.StandardInput.WriteLineAsync("quit");
            await _process.StandardInput.FlushAsync();
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await _process.WaitForExitAsync(wait.Token);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException)
        {
            _process.Kill();
        }
        _process.Dispose();
        Authority.Dispose();
    }
}
