using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace BorderAlertBot.Tests.Fakes;

/// <summary>
/// Debian's chromium, headless, driven over the DevTools protocol (a WebSocket; no driver download): one
/// page, its DOM read through the DOM domain (which works with JavaScript off too), console and log errors
/// collected, screenshots as PNG. A fresh profile per instance; the process is killed on dispose.
/// </summary>
public sealed partial class HeadlessChromium : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _profile;
    private readonly ClientWebSocket _socket = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonNode?>> _pending = new();
    private readonly ConcurrentQueue<(string Method, JsonNode? Params)> _events = new();
    private readonly CancellationTokenSource _stop = new();
    private Task? _reader;
    private int _nextId;
    private string _session = "";

    /// <summary>Console errors, uncaught exceptions and error-level log entries (CSP violations, failed loads).</summary>
    public ConcurrentQueue<string> Errors { get; } = new();

    public static string? FindExecutable() =>
        new[] { Environment.GetEnvironmentVariable("BORDERALERT_CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser" }
            .FirstOrDefault(p => !string.IsNullOrEmpty(p) && File.Exists(p));

    private HeadlessChromium(Process process, string profile)
    {
        _process = process;
        _profile = profile;
    }

    public static async Task<HeadlessChromium> StartAsync(int width, int height)
    {
        string exe = FindExecutable() ?? throw new InvalidOperationException("chromium is not installed (apt-get install -y chromium; .ci/run installs it)");
        string profile = Path.Combine(Path.GetTempPath(), "borderalert-chromium-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(profile);
        var psi = new ProcessStartInfo(exe,
        [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run", "--no-default-browser-check", "--disable-extensions", "--hide-scrollbars",
            $"--user-data-dir={profile}", "--remote-debugging-port=0", $"--window-size={width},{height}", "about:blank",
        ])
        { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        var process = Process.Start(psi) ?? throw new InvalidOperationException("chromium did not start");
        var browser = new HeadlessChromium(process, profile);
        var endpoint = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line && DevToolsLine().Match(line) is { Success: true } m) endpoint.TrySetResult(new Uri(m.Groups[1].Value));
        };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        var url = await endpoint.Task.WaitAsync(TimeSpan.FromSeconds(60));
        await browser._socket.ConnectAsync(url, CancellationToken.None);
        browser._reader = Task.Run(browser.ReadLoopAsync);

        var target = await browser.SendAsync("Target.createTarget", new JsonObject { ["url"] = "about:blank" }, session: false);
        var attached = await browser.SendAsync("Target.attachToTarget", new JsonObject { ["targetId"] = target!["targetId"]!.GetValue<string>(), ["flatten"] = true }, session: false);
        browser._session = attached!["sessionId"]!.GetValue<string>();
        foreach (var domain in new[] { "Page.enable", "Runtime.enable", "Log.enable", "DOM.enable" })
            await browser.SendAsync(domain, new JsonObject());
        await browser.SendAsync("Emulation.setDeviceMetricsOverride", new JsonObject { ["width"] = width, ["height"] = height, ["deviceScaleFactor"] = 1, ["mobile"] = false });
        return browser;
    }

    [GeneratedRegex(@"DevTools listening on (ws://\S+)")]
    private static partial Regex DevToolsLine();

    public Task SetJavaScriptAsync(bool enabled) =>
        SendAsync("Emulation.setScriptExecutionDisabled", new JsonObject { ["value"] = !enabled });

    /// <summary>Navigates and waits for the load event (images and styles loaded).</summary>
    public async Task NavigateAsync(Uri url)
    {
        _events.Clear();
        await SendAsync("Page.navigate", new JsonObject { ["url"] = url.AbsoluteUri });
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!_events.Any(e => e.Method == "Page.loadEventFired"))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{url} did not finish loading");
            await Task.Delay(50);
        }
    }

    /// <summary>The outer HTML of every element matching <paramref name="selector"/> (DOM domain: no page script involved).</summary>
    public async Task<IReadOnlyList<string>> QueryAsync(string selector)
    {
        var doc = await SendAsync("DOM.getDocument", new JsonObject { ["depth"] = 0 });
        int root = doc!["root"]!["nodeId"]!.GetValue<int>();
        var nodes = await SendAsync("DOM.querySelectorAll", new JsonObject { ["nodeId"] = root, ["selector"] = selector });
        var result = new List<string>();
        foreach (var id in nodes!["nodeIds"]!.AsArray())
        {
            var html = await SendAsync("DOM.getOuterHTML", new JsonObject { ["nodeId"] = id!.GetValue<int>() });
            result.Add(html!["outerHTML"]!.GetValue<string>());
        }
        return result;
    }

    /// <summary>Evaluates an expression in the page (JavaScript on only) and returns its JSON value.</summary>
    public async Task<JsonNode?> EvaluateAsync(string expression)
    {
        var r = await SendAsync("Runtime.evaluate", new JsonObject { ["expression"] = expression, ["returnByValue"] = true });
        return r!["result"]!["value"];
    }

    public async Task<byte[]> ScreenshotAsync()
    {
        var r = await SendAsync("Page.captureScreenshot", new JsonObject { ["format"] = "png" });
        return Convert.FromBase64String(r!["data"]!.GetValue<string>());
    }

    private async Task<JsonNode?> SendAsync(string method, JsonObject parameters, bool session = true)
    {
        int id = Interlocked.Increment(ref _nextId);
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters };
        if (session) message["sessionId"] = _session;
        var tcs = new TaskCompletionSource<JsonNode?>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = tcs;
        await _socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, CancellationToken.None);
        return await tcs.Task.WaitAsync(TimeSpan.FromSeconds(60));
    }

    private async Task ReadLoopAsync()
    {
        var buffer = new byte[1 << 16];
        var message = new MemoryStream();
        try
        {
            while (!_stop.IsCancellationRequested && _socket.State == WebSocketState.Open)
            {
                var r = await _socket.ReceiveAsync(buffer, _stop.Token);
                if (r.MessageType == WebSocketMessageType.Close) return;
                message.Write(buffer, 0, r.Count);
                if (!r.EndOfMessage) continue;
                var node = JsonNode.Parse(message.ToArray());
                message.SetLength(0);
                if (node?["id"] is { } idNode && _pending.TryRemove(idNode.GetValue<int>(), out var tcs))
                {
                    if (node["error"] is { } error) tcs.TrySetException(new InvalidOperationException(error.ToJsonString()));
                    else tcs.TrySetResult(node["result"]);
                }
                else if (node?["method"]?.GetValue<string>() is { } method)
                {
                    var p = node["params"];
                    _events.Enqueue((method, p));
                    if (method == "Runtime.consoleAPICalled" && p?["type"]?.GetValue<string>() is "error" or "assert")
                        Errors.Enqueue("console: " + p.ToJsonString());
                    else if (method == "Runtime.exceptionThrown")
                        Errors.Enqueue("exception: " + p?.ToJsonString());
                    else if (method == "Log.entryAdded" && p?["entry"]?["level"]?.GetValue<string>() == "error")
                        Errors.Enqueue("log: " + p["entry"]!["text"]?.GetValue<string>() + " " + p["entry"]!["url"]?.GetValue<string>());
                }
            }
        }
        catch (OperationCanceledException) { }
        catch (WebSocketException) { }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try { _process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10)).ContinueWith(_ => { }, TaskScheduler.Default);
        if (_reader is not null) await _reader.ContinueWith(_ => { }, TaskScheduler.Default);
        _socket.Dispose();
        _process.Dispose();
        _stop.Dispose();
        try { Directory.Delete(_profile, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
