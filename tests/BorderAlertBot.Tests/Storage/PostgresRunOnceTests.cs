using BorderAlertBot.Tests.Fakes;
using Xunit;

namespace BorderAlertBot.Tests.Storage;

/// <summary>`run --once` on PostgreSQL (BorderAlert:Storage:Provider=postgres): the same pipeline, the same guarantees.</summary>
public sealed class PostgresRunOnceTests(PostgresServer postgres) : IClassFixture<PostgresServer>, IAsyncLifetime
{
    private FeedServer _server = null!;
    private readonly CliRunner _cli = new();

    public async Task InitializeAsync()
    {
        _server = await FeedServer.StartAsync();
        _cli.Settings["BorderAlert:Storage:Provider"] = "postgres";
        if (postgres.Unavailable is null) _cli.Settings["BorderAlert:Storage:ConnectionString"] = postgres.CreateDatabase();
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _cli.Dispose();
    }

    [SkippableFact]
    public async Task Two_runs_alert_once_and_commands_read_the_same_database()
    {
        postgres.RequireAvailable();
        _server.MapFeed("/feed.xml", () => RssBuilder.Build("24.kg", [new("1", "Перестрелка у Ворух: ранены двое пограничников", "Стрельба на кыргызско-таджикской границе.", _server.Url("/n/1").AbsoluteUri, DateTimeOffset.UtcNow.AddHours(-1))]));
        _cli.FeedsFile(("kg24", _server.Url("/feed.xml")));
        Assert.Single((await _cli.RunAsync("run", "--once")).JsonLines);
        Assert.Empty((await _cli.RunAsync("run", "--once")).JsonLines);
        Assert.Contains("Ворух", (await _cli.RunAsync("command", "/latest")).Out);
    }

    [SkippableFact]
    public async Task An_unreachable_database_is_a_storage_error()
    {
        postgres.RequireAvailable();
        _cli.Settings["BorderAlert:Storage:ConnectionString"] = "Host=127.0.0.1;Port=1;Username=nobody;Database=none;Timeout=2";
        _cli.FeedsFile(("kg24", _server.Url("/feed.xml")));
        var result = await _cli.RunAsync("run", "--once");
        Assert.Equal(4, result.ExitCode);
        Assert.StartsWith("storage error", result.Error);
    }
}
