using BorderAlertBot.Tests.Fakes;
using Xunit;

namespace BorderAlertBot.Tests.Cli;

/// <summary>The README's offline first look: `demo`, then `command "/search Vorukh"` on the store it leaves.</summary>
public class DemoTests
{
    [Fact]
    public async Task Demo_leaves_a_store_the_readme_search_finds_vorukh_in()
    {
        using var cli = new CliRunner();
        cli.Settings["BorderAlert:Fetch:AllowPrivateNetworks"] = "false"; // nothing may be fetched
        var demo = await cli.RunAsync("demo");
        Assert.Equal(0, demo.ExitCode);
        string store = Path.Combine(cli.DataDir, "demo.db");
        Assert.True(File.Exists(store));
        Assert.Contains("demo.db", demo.Error, StringComparison.Ordinal);
        Assert.Contains("command \"/search Vorukh\"", demo.Error, StringComparison.Ordinal);

        cli.Settings["BorderAlert:Storage:ConnectionString"] = $"Data Source={store}";
        var search = await cli.RunAsync("command", "/search Vorukh");
        Assert.Equal(0, search.ExitCode);
        Assert.Contains("Vorukh", search.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("No alerts", search.Out, StringComparison.Ordinal);
    }
}
