using System.Collections.Concurrent;
using System.Text.Json;
using BorderAlertBot.Tests.Fakes;
using Microsoft.AspNetCore.Http;
using Xunit;

namespace BorderAlertBot.Tests.Webhook;

/// <summary>
/// The real CLI with a webhook configured, against a loopback receiver: the alert arrives as the jsonl
/// object with a stable Idempotency-Key; 5xx is retried with the same key, 4xx is not; the URL (which
/// often holds a secret) is never printed.
/// </summary>
public sealed class WebhookRunOnceTests : IAsyncLifetime
{
    private const string SecretPath = "/hooks/s3cr3t-token";
    private FeedServer _feeds = null!;
    private FeedServer _receiver = null!;
    private readonly CliRunner _cli = new();
    private readonly ConcurrentQueue<(string Body, string? Key, string ContentType)> _posts = new();
    private readonly ConcurrentQueue<int> _answers = new();

    public async Task InitializeAsync()
    {
        _feeds = await FeedServer.StartAsync();
        _receiver = await FeedServer.StartAsync();
        var items = new List<RssBuilder.Item>
        {
            new("1", "Kyrgyz and Tajik border guards exchange fire near Vorukh", "Two Kyrgyz border guards were wounded near Vorukh, the Border Service said.",
                "https://24.kg/english/1", DateTimeOffset.UtcNow.AddHours(-1)),
        };
        _feeds.MapFeed("/feed.xml", () => RssBuilder.Build("24.kg", items));
        _receiver.Map(SecretPath, async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            string body = await reader.ReadToEndAsync();
            _posts.Enqueue((body, context.Request.Headers["Idempotency-Key"].FirstOrDefault(), context.Request.ContentType ?? ""));
            context.Response.StatusCode = _answers.TryDequeue(out int status) ? status : StatusCodes.Status204NoContent;
            if (context.Response.StatusCode == 503) context.Response.Headers.RetryAfter = "1";
        });
        _cli.FeedsFile(("kg24", _feeds.Url("/feed.xml")));
        _cli.Settings["BorderAlert:Webhook:Urls:0"] = _receiver.Url(SecretPath).AbsoluteUri;
    }

    public async Task DisposeAsync()
    {
        await _feeds.DisposeAsync();
        await _receiver.DisposeAsync();
        _cli.Dispose();
    }

    [Fact]
    public async Task The_alert_is_posted_once_as_the_jsonl_object_with_an_idempotency_key()
    {
        var run = await _cli.RunAsync("run", "--once");

        Assert.Equal(0, run.ExitCode);
        Assert.Empty(run.JsonLines); // the webhook is the channel now, not the console
        var (body, key, contentType) = Assert.Single(_posts);
        Assert.StartsWith("application/json", contentType, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(body);
        var alert = json.RootElement;
        foreach (string field in (string[])["id", "storyId", "isUpdate", "change", "severity", "category", "places", "sources", "headline", "summary"])
            Assert.True(alert.TryGetProperty(field, out _), $"the webhook body lacks '{field}': {body}");
        Assert.Contains("Vorukh", alert.GetProperty("headline").GetString(), StringComparison.Ordinal);
        Assert.Equal("https://24.kg/english/1", alert.GetProperty("sources")[0].GetProperty("url").GetString());
        Assert.False(string.IsNullOrEmpty(key));
        Assert.Contains(alert.GetProperty("id").GetString()!, key, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", run.Out + run.Error, StringComparison.Ordinal);

        var again = await _cli.RunAsync("run", "--once");
        Assert.Equal(0, again.ExitCode);
        Assert.Single(_posts); // nothing twice
    }

    [Fact]
    public async Task A_server_error_is_retried_with_the_same_key_and_a_client_error_is_not()
    {
        _answers.Enqueue(503);
        var run = await _cli.RunAsync("run", "--once");

        Assert.Equal(0, run.ExitCode);
        var posts = _posts.ToArray();
        Assert.Equal(2, posts.Length);
        Assert.Equal(posts[0].Key, posts[1].Key);
        Assert.Equal(posts[0].Body, posts[1].Body);
        Assert.DoesNotContain("s3cr3t", run.Out + run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_error_is_permanent()
    {
        _answers.Enqueue(400);
        var run = await _cli.RunAsync("run", "--once");
        var again = await _cli.RunAsync("run", "--once");

        Assert.Equal(0, again.ExitCode);
        Assert.Single(_posts);
        Assert.DoesNotContain("s3cr3t", run.Out + run.Error + again.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_url_stops_the_start_naming_the_key_but_not_the_value()
    {
        _cli.Settings["BorderAlert:Webhook:Urls:0"] = "ftp://user:s3cr3t@example.org/hook";

        var run = await _cli.RunAsync("run", "--once");

        Assert.Equal(3, run.ExitCode);
        Assert.Contains("BorderAlert__Webhook__Urls__0", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", run.Error, StringComparison.Ordinal);
        Assert.Empty(_posts);
    }

    [Fact]
    public async Task An_admin_destination_on_an_unknown_platform_names_the_platforms_there_are()
    {
        _cli.Settings["BorderAlert:Admin:Destination"] = "pager:42";

        var run = await _cli.RunAsync("run", "--once");

        Assert.Equal(3, run.ExitCode);
        Assert.Contains("BorderAlert__Admin__Destination", run.Error, StringComparison.Ordinal);
        Assert.Contains("webhook", run.Error, StringComparison.Ordinal);
    }
}
