using BorderAlertBot.Tests.Fakes;
using Xunit;

namespace BorderAlertBot.Tests.Cli;

/// <summary>Configuration never half-starts: every problem stops the verb with exit 3 and one line naming the key in environment form.</summary>
public class ConfigurationTests
{
    private static async Task<CliResult> RunWith(string key, string value, params string[] args)
    {
        using var cli = new CliRunner();
        cli.Settings[key] = value;
        return await cli.RunAsync(args.Length > 0 ? args : ["run", "--once"]);
    }

    private static void AssertConfigurationError(CliResult result, string envKey)
    {
        Assert.Equal(3, result.ExitCode);
        Assert.StartsWith("configuration error: ", result.Error, StringComparison.Ordinal);
        Assert.Contains(envKey, result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries)); // one line
        Assert.DoesNotContain("System.", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("BorderAlert:Pipeline:BackfillWindow", "-1.00:00:00", "BorderAlert__Pipeline__BackfillWindow")]
    [InlineData("BorderAlert:Stories:SameTextSimilarity", "2", "BorderAlert__Stories__SameTextSimilarity")]
    [InlineData("BorderAlert:Dispatcher:BatchSize", "0", "BorderAlert__Dispatcher__BatchSize")]
    [InlineData("BorderAlert:Dispatcher:Lease", "00:00:00", "BorderAlert__Dispatcher__Lease")]
    [InlineData("BorderAlert:Fetch:MaxBodyBytes", "12", "BorderAlert__Fetch__MaxBodyBytes")]
    [InlineData("BorderAlert:Retention:ItemHorizon", "02:00:00", "BorderAlert__Retention__ItemHorizon")]
    [InlineData("BorderAlert:Retention:Alerts", "0.00:00:00", "BorderAlert__Retention__Alerts")]
    [InlineData("BorderAlert:Retention:Deliveries", "-1.00:00:00", "BorderAlert__Retention__Deliveries")]
    public async Task An_out_of_range_value_in_any_section_stops_with_its_key(string key, string value, string envKey)
    {
        var result = await RunWith(key, value);
        AssertConfigurationError(result, envKey);
        Assert.Contains("must be between", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("BorderAlert:Fetch:Timeout", "abc", "BorderAlert__Fetch__Timeout", "a duration")]
    [InlineData("BorderAlert:Fetch:MaxRedirects", "five", "BorderAlert__Fetch__MaxRedirects", "a whole number")]
    [InlineData("BorderAlert:Fetch:AllowPrivateNetworks", "yes please", "BorderAlert__Fetch__AllowPrivateNetworks", "true or false")]
    [InlineData("BorderAlert:Polling:Jitter", "0,1", "BorderAlert__Polling__Jitter", "a number")]
    public async Task A_value_of_the_wrong_kind_names_the_key_and_what_it_should_look_like(string key, string value, string envKey, string expected)
    {
        var result = await RunWith(key, value);
        AssertConfigurationError(result, envKey);
        Assert.Contains($"'{value}' is not {expected}", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("TimeSpan", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Int32", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("BorderAlert:Fetch:Tiemout", "BorderAlert__Fetch__Tiemout")]
    [InlineData("BorderAlert:Fetchh:Timeout", "BorderAlert__Fetchh__Timeout")]
    [InlineData("BorderAlert:Discord:RolePing:Role", "BorderAlert__Discord__RolePing__Role")]
    [InlineData("BorderAlert:FeedFile", "BorderAlert__FeedFile")]
    public async Task An_unknown_key_is_refused_by_name_for_every_verb(string key, string envKey)
    {
        foreach (string[] verb in (string[][])[["run", "--once"], ["feeds", "list"], ["command", "/status"], ["health"], ["demo"]])
        {
            var result = await RunWith(key, "00:00:10", verb);
            AssertConfigurationError(result, envKey);
            Assert.Contains("unknown key", result.Error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Keys_of_every_bound_section_are_accepted_even_when_their_adapter_is_off()
    {
        using var cli = new CliRunner();
        cli.Settings["BorderAlert:Telegram:ChatIds:0"] = "-1001234567890";
        cli.Settings["BorderAlert:Discord:RolePing:MinSeverity"] = "4";
        cli.Settings["BorderAlert:Stories:UpdateInterval"] = "00:10:00";
        cli.Settings["BorderAlert:Dispatcher:MaxAttempts"] = "5";
        cli.Settings["BorderAlert:Commands:RatePerMinute"] = "30";
        var result = await cli.RunAsync("feeds", "list");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Error);
    }

    [Fact]
    public async Task A_malformed_appsettings_file_stops_with_its_line_and_position()
    {
        using var cli = new CliRunner();
        string dir = Path.Combine(cli.DataDir, "config");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "appsettings.json"), "{\n  \"BorderAlert\": {\n    \"FeedsFile\": \"feeds.json\"\n    \"Storage\": {}\n  }\n}\n");
        cli.Settings["BorderAlert:ConfigDir"] = dir;
        foreach (string[] verb in (string[][])[["run", "--once"], ["feeds", "list"], ["classify"]])
        {
            var result = await cli.RunAsync(verb);
            Assert.Equal(3, result.ExitCode);
            Assert.Contains(Path.Combine(dir, "appsettings.json"), result.Error, StringComparison.Ordinal);
            Assert.Contains("line 4, position 5", result.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("run", "--help")]
    [InlineData("run", "--once", "-h")]
    [InlineData("demo", "--help")]
    [InlineData("classify", "-h")]
    [InlineData("command", "--help")]
    [InlineData("feeds", "--help")]
    [InlineData("feeds", "check", "-h")]
    [InlineData("feeds", "list", "--help")]
    [InlineData("feeds", "enable", "-h")]
    [InlineData("health", "--help")]
    [InlineData("--help")]
    [InlineData("-h")]
    public async Task Help_works_for_every_verb(params string[] args)
    {
        using var cli = new CliRunner();
        var result = await cli.RunAsync(args);
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Usage: BorderAlertBot", result.Out, StringComparison.Ordinal);
    }
}
