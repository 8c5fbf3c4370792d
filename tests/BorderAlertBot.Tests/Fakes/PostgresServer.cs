using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;
using Xunit;

namespace BorderAlertBot.Tests.Fakes;

/// <summary>
/// A real PostgreSQL for the store tests: the one in BORDERALERT_TEST_POSTGRES (.ci/run starts it), else a
/// private cluster this fixture starts from the server binaries on the machine (initdb, pg_ctl) and stops
/// after. Each test class gets a fresh database. Without either, the tests that need it are skipped with
/// the reason (CI always has one: .ci/run starts PostgreSQL); the cluster's folder never outlives the run.
/// </summary>
public sealed class PostgresServer : IDisposable
{
    public const string EnvironmentKey = "BORDERALERT_TEST_POSTGRES";
    private readonly string? _clusterDir;
    private readonly string _adminConnectionString = "";

    /// <summary>Why there is no PostgreSQL for these tests (they are skipped with this reason), or null.</summary>
    public string? Unavailable { get; }

    public PostgresServer()
    {
        string? given = Environment.GetEnvironmentVariable(EnvironmentKey);
        if (!string.IsNullOrWhiteSpace(given))
        {
            _adminConnectionString = given;
            return;
        }
        if (FindTool("initdb") is null || FindTool("pg_ctl") is null)
        {
            Unavailable = $"PostgreSQL tests skipped: no PostgreSQL server binaries (initdb, pg_ctl) on PATH or under /usr/lib/postgresql, and {EnvironmentKey} is not set";
            return;
        }
        _clusterDir = Path.Combine(Path.GetTempPath(), "borderalert-pg-" + Guid.NewGuid().ToString("N"));
        try
        {
            int port = FreePort();
            Directory.CreateDirectory(_clusterDir);
            bool root = Environment.UserName == "root";
            if (root) Run("chown", ["postgres", _clusterDir]);
            Run(Tool("initdb"), ["-D", Path.Combine(_clusterDir, "data"), "-A", "trust", "-U", "postgres", "--no-sync"], root);
            Run(Tool("pg_ctl"), ["-D", Path.Combine(_clusterDir, "data"), "-w", "-l", Path.Combine(_clusterDir, "log"),
                "-o", $"-p {port} -k {_clusterDir} -c listen_addresses=127.0.0.1 -c fsync=off", "start"], root);
            _adminConnectionString = $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres";
        }
        catch
        {
            TempFolder.Delete(_clusterDir); // a failed start leaves nothing behind
            throw;
        }
    }

    /// <summary>Skips the calling test (with the reason) when there is no PostgreSQL; call it first in a [SkippableFact].</summary>
    public void RequireAvailable() => Skip.If(Unavailable is not null, Unavailable);

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public string CreateDatabase()
    {
        RequireAvailable();
        string name = "ba_" + Guid.NewGuid().ToString("N")[..12];
        using (var connection = new NpgsqlConnection(_adminConnectionString))
        {
            connection.Open();
            using var cmd = connection.CreateCommand();
            cmd.CommandText = $"CREATE DATABASE {name};";
            cmd.ExecuteNonQuery();
        }
        return new NpgsqlConnectionStringBuilder(_adminConnectionString) { Database = name, Pooling = true }.ConnectionString;
    }

    public void Dispose()
    {
        NpgsqlConnection.ClearAllPools();
        if (_clusterDir is null) return;
        bool root = Environment.UserName == "root";
        try { Run(Tool("pg_ctl"), ["-D", Path.Combine(_clusterDir, "data"), "-m", "immediate", "stop"], root); } catch (InvalidOperationException) { }
        TempFolder.Delete(_clusterDir);
    }

    private static string Tool(string name) =>
        FindTool(name) ?? throw new InvalidOperationException($"{name} (PostgreSQL server binaries) not found; install postgresql or set {EnvironmentKey}");

    private static string? FindTool(string name)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Concat(Directory.Exists("/usr/lib/postgresql") ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")) : []))
        {
            string path = Path.Combine(dir, name);
            if (File.Exists(path)) return path;
        }
        return null;
    }

    // initdb refuses to run as root: as root, run the server tools as the postgres user.
    private static void Run(string file, string[] args, bool asPostgres = false)
    {
        var psi = asPostgres ? new ProcessStartInfo("runuser", ["-u", "postgres", "--", file, .. args]) : new ProcessStartInfo(file, args);
        psi.RedirectStandardOutput = true;
        psi.RedirectStandardError = true;
        using var p = Process.Start(psi)!;
        string output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
        if (!p.WaitForExit(60_000) || p.ExitCode != 0) throw new InvalidOperationException($"{file} failed: {output}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
