using BorderAlertBot.Cli;
using Microsoft.Extensions.DependencyInjection;

namespace BorderAlertBot.Tests.Fakes;

/// <summary>Runs the real CLI in-process with configuration overrides and captured output; one temp data dir per instance.</summary>
public sealed class CliRunner : IDisposable
{
    public string DataDir { get; } = Path.Combine(Path.GetTempPath(), "borderalert-test-" + Guid.NewGuid().ToString("N"));
    public Dictionary<string, string?> Settings { get; } = new();
    public Action<IServiceCollection>? ConfigureServices { get; set; }

    public CliRunner()
    {
        Directory.CreateDirectory(DataDir);
        Settings["BorderAlert:ConfigDir"] = TestPaths.ConfigDir;
        Settings["BorderAlert:Storage:ConnectionString"] = $"Data Source={Path.Combine(DataDir, "test.db")}";
        Settings["BorderAlert:Fetch:AllowPrivateNetworks"] = "true";
        Settings["BorderAlert:Console:Format"] = "jsonl";
        // `run` serves its status page: on a free port, so parallel tests never compete for one.
        Settings["BorderAlert:Web:Urls"] = "http://127.0.0.1:0";
        Settings["Logging:LogLevel:Default"] = "Warning";
        // Tests whose feed items link to real outlets must not reach out for article pages; tests that
        // serve their own pages turn this back on.
        Settings["BorderAlert:Pipeline:FetchArticles"] = "false";
    }

    public string FeedsFile(params (string Id, Uri Url)[] feeds)
    {
        string path = Path.Combine(DataDir, "feeds.json");
        File.WriteAllText(path, System.Text.Json.JsonSerializer.Serialize(new
        {
            feeds = feeds.Select(f => new { id = f.Id, name = f.Id, url = f.Url.AbsoluteUri, language = "en", intervalMinutes = 10 }),
        }));
        Settings["BorderAlert:FeedsFile"] = path;
        return path;
    }

    public async Task<CliResult> RunAsync(params string[] args) => await RunAsync(args, "", CancellationToken.None);

    public async Task<CliResult> RunAsync(string[] args, string stdin, CancellationToken cancellationToken)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = await BorderAlertCli.RunAsync(args, new CliContext
        {
            Overrides = Settings,
            Out = stdout,
            Error = stderr,
            In = new StringReader(stdin),
            ConfigureServices = ConfigureServices,
        }, cancellationToken);
        return new CliResult(code, stdout.ToString(), stderr.ToString());
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        TempFolder.Delete(DataDir);
    }
}

public sealed record CliResult(int ExitCode, string Out, string Error)
{
    public IReadOnlyList<System.Text.Json.JsonElement> JsonLines => Out.Split('\n', StringSplitOptions.RemoveEmptyEntries)
        .Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement.Clone()).ToList();
}
