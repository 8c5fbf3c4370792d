using BorderAlertBot.Tests.Fakes;
using Xunit;

namespace BorderAlertBot.Tests.Web;

/// <summary>`demo --pictures DIR`: the README's pictures come from the bot's own renderers over the demo store.</summary>
public class DemoPicturesTests
{
    [Fact]
    public async Task Demo_pictures_writes_a_real_map_trend_and_page()
    {
        using var cli = new CliRunner();
        string dir = Path.Combine(cli.DataDir, "pictures");
        var result = await cli.RunAsync("demo", "--pictures", dir);
        Assert.Equal(0, result.ExitCode);
        var printed = result.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(l => l.StartsWith('/')).ToList();
        Assert.Contains(Path.Combine(dir, "map.png"), printed);
        Assert.Contains(Path.Combine(dir, "trend.png"), printed);

        PngCheck.AssertPicture(await File.ReadAllBytesAsync(Path.Combine(dir, "map.png")), 900, 480);
        PngCheck.AssertPicture(await File.ReadAllBytesAsync(Path.Combine(dir, "trend.png")), 900, 360);
        string html = await File.ReadAllTextAsync(Path.Combine(dir, "status.html"));
        Assert.Contains("<li class=\"story\"", html);
        Assert.Contains("class=\"marker\"", html);
        Assert.Contains("src=\"trend.png\"", html);
        Assert.True(File.Exists(Path.Combine(dir, "site.css")));
    }

    [Fact]
    public async Task Demo_pictures_without_a_directory_is_a_usage_error()
    {
        using var cli = new CliRunner();
        var result = await cli.RunAsync("demo", "--pictures");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--pictures needs a directory", result.Error);
    }
}
