using BorderAlertBot.Tests.Fakes;
using Xunit;

namespace BorderAlertBot.Tests.Cli;

public class CliTests
{
    [Theory]
    [InlineData("frobnicate")]
    [InlineData("run", "--twice")]
    [InlineData("feeds")]
    [InlineData("feeds", "check")]
    [InlineData("demo", "extra")]
    public async Task Unknown_verbs_and_options_print_usage_and_exit_2(params string[] args)
    {
        using var cli = new CliRunner();
        var result = await cli.RunAsync(args);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Usage: BorderAlertBot", result.Error);
    }

    [Fact]
    public async Task A_bad_option_value_names_the_key()
    {
        using var cli = new CliRunner();
        cli.Settings["BorderAlert:Fetch:Timeout"] = "00:00:00";
        var result = await cli.RunAsync("run", "--once");
        Assert.Equal(3, result.ExitCode);
        Assert.Contains("BorderAlert__Fetch__Timeout", result.Error);
        Assert.DoesNotContain("   at ", result.Error); // no stack trace
    }

    [Fact]
    public async Task A_value_of_the_wrong_type_names_the_key()
    {
        using var cli = new CliRunner();
        cli.Settings["BorderAlert:Polling:MaxBackoff"] = "soon";
        var result = await cli.RunAsync("run", "--once");
        Assert.Equal(3, result.ExitCode);
        Assert.Contains("BorderAlert__Polling__MaxBackoff", result.Error);
    }

    [Fact]
    public async Task An_unknown_console_format_is_refused()
    {
        using var cli = new CliRunner();
        cli.Settings["BorderAlert:Console:Format"] = "xml";
        var result = await cli.RunAsync("run", "--once");
        Assert.Equal(3, result.ExitCode);
        Assert.Contains("BorderAlert__Console__Format", result.Error);
    }

    [Fact]
    public async Task Feeds_file_with_an_unknown_key_is_refused_by_name()
    {
        using var cli = new CliRunner();
        string path = Path.Combine(cli.DataDir, "bad-feeds.json");
        File.WriteAllText(path, """{"feeds": [{"id": "a", "url": "https://a.example/rss", "intervall": 5}]}""");
        cli.Settings["BorderAlert:FeedsFile"] = path;
        var result = await cli.RunAsync("run", "--once");
        Assert.Equal(3, result.ExitCode);
        Assert.Contains("unknown key 'intervall'", result.Error);
    }

    [Fact]
    public async Task Feeds_file_needs_id_and_url()
    {
        using var cli = new CliRunner();
        string path = Path.Combine(cli.DataDir, "bad-feeds.json");
        File.WriteAllText(path, """{"feeds": [{"name": "no id", "url": "https://a.example/rss"}, {"id": "b"}]}""");
        var result = await cli.RunAsync("run", "--once", "--feeds", path);
        Assert.Equal(3, result.ExitCode);
        Assert.Contains("'id' is required", result.Error);
        Assert.Contains("'url' is required", result.Error);
    }

    [Fact]
    public async Task An_unwritable_store_is_a_storage_error()
    {
        using var cli = new CliRunner();
        string blocker = Path.Combine(cli.DataDir, "file-not-dir");
        File.WriteAllText(blocker, "x");
        cli.Settings["BorderAlert:Storage:ConnectionString"] = $"Data Source={Path.Combine(blocker, "sub", "db.sqlite")}";
        var result = await cli.RunAsync("run", "--once");
        Assert.Equal(4, result.ExitCode);
        Assert.StartsWith("storage error", result.Error);
    }

    [Fact]
    public async Task Demo_produces_alerts_offline_and_exits_0()
    {
        using var cli = new CliRunner();
        cli.Settings["BorderAlert:Fetch:AllowPrivateNetworks"] = "false"; // nothing may be fetched
        var result = await cli.RunAsync("demo");
        Assert.Equal(0, result.ExitCode);
        var alerts = result.JsonLines;
        Assert.NotEmpty(alerts);
        Assert.All(alerts, a => Assert.InRange(a.GetProperty("severity").GetInt32(), 1, 5));
        Assert.Contains(alerts, a => a.GetProperty("places").GetArrayLength() > 0);
    }

    [Fact]
    public async Task Classify_reads_json_lines_and_keeps_going_after_a_bad_one()
    {
        using var cli = new CliRunner();
        string input = string.Join('\n',
            """{"id": "1", "title": "Перестрелка у Ворух", "lang": "ru"}""",
            """{"id": 2, "title": "Kyrgyzstan's GDP grew 9 percent"}""",
            "not json",
            """{"title": "no id"}""",
            """{"id": "5", "title": "Mortar fire near Tort-Kocho on the Kyrgyz-Tajik border", "summary": "<p>Two border guards were killed.</p>", "extra": true}""");
        var result = await cli.RunAsync(["classify"], input, CancellationToken.None);
        Assert.Equal(0, result.ExitCode);
        var lines = result.JsonLines;
        Assert.Equal(5, lines.Count);
        Assert.True(lines[0].GetProperty("relevant").GetBoolean());
        Assert.Contains("Vorukh", lines[0].GetProperty("places").EnumerateArray().Select(p => p.GetString()));
        Assert.False(lines[1].GetProperty("relevant").GetBoolean());
        Assert.Equal(2, lines[1].GetProperty("id").GetInt32());
        Assert.Equal(3, lines[2].GetProperty("id").GetInt32());
        Assert.True(lines[2].TryGetProperty("error", out _));
        Assert.True(lines[3].TryGetProperty("error", out _));
        Assert.Equal("armed_clash", lines[4].GetProperty("category").GetString());
        Assert.Equal(5, lines[4].GetProperty("severity").GetInt32());
        Assert.Contains(lines[4].GetProperty("evidence").EnumerateArray(), e => e.GetString()!.StartsWith("Mortar", StringComparison.Ordinal));
    }
}
