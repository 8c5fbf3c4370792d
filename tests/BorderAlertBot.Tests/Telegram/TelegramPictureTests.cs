using System.Net;
using System.Text.RegularExpressions;
using BorderAlertBot.Core.Delivery;
using BorderAlertBot.Tests.Fakes;
using Xunit;

namespace BorderAlertBot.Tests.Telegram;

/// <summary>/trend and /map from a Telegram chat: the real commands and renderers, the reply as sendPhoto with a multipart upload.</summary>
public class TelegramPictureTests : IAsyncLifetime
{
    private TelegramRig _rig = null!;

    public async Task InitializeAsync() => _rig = await TelegramRig.StartAsync(enforceLimits: true);

    public async Task DisposeAsync() => await _rig.DisposeAsync();

    private static int VisibleLength(string html) => WebUtility.HtmlDecode(Regex.Replace(html, "<[^>]+>", "")).Length;

    [Fact]
    public async Task Trend_in_a_group_topic_is_answered_with_a_photo_upload_and_an_escaped_caption_within_1024_characters()
    {
        // A headline with markup-like text and far too long for a caption: escaped, and cut so the summary fits.
        string headline = "<b>Clash</b> & fire near Vorukh " + new string('x', 1500);
        await _rig.AddAlertAsync(TelegramRig.MakeAlert("t-1", headline) with { CreatedUtc = _rig.Time.GetUtcNow().AddDays(-1), PublishedUtc = _rig.Time.GetUtcNow().AddDays(-1) });
        await _rig.AddAlertAsync(TelegramRig.MakeAlert("t-2") with { Severity = 2, CreatedUtc = _rig.Time.GetUtcNow().AddDays(-3), PublishedUtc = _rig.Time.GetUtcNow().AddDays(-3) });
        var service = _rig.NewUpdateService(RealCommands.Build(_rig.Store, _rig.Time));
        await service.StartAsync(CancellationToken.None);
        int update = _rig.Server.AddMessage(-100123, "supergroup", 7, "/trend@BorderAlertTestBot 7", threadId: 45);
        int second = _rig.Server.AddMessage(-100123, "supergroup", 7, "/map 7", threadId: 45);
        await _rig.Server.WaitUntilAsync(s => s.SentPhotos.Count >= 2);
        await service.StopAsync(CancellationToken.None);

        var photos = _rig.Server.SentPhotos;
        var trend = photos[0];
        Assert.StartsWith("multipart/form-data", trend.ContentType);
        Assert.Equal("-100123", trend.ChatId);
        Assert.Equal("45", trend.Body["message_thread_id"]!.ToString());
        Assert.Equal(5000 + update, trend.Body["reply_parameters"]!["message_id"]!.GetValue<int>());
        Assert.Equal("HTML", trend.Body["parse_mode"]!.GetValue<string>(), ignoreCase: true);
        var upload = trend.Upload("photo")!;
        Assert.Equal("trend.png", upload.FileName);
        PngCheck.AssertPicture(upload.Content, 900, 360);
        string caption = trend.Caption!;
        Assert.StartsWith("Border incidents per day by severity, last 7 days.", caption);
        Assert.Contains("&lt;b&gt;Clash&lt;/b&gt; &amp; fire", caption);
        Assert.DoesNotContain("<b>", caption);
        Assert.InRange(VisibleLength(caption), 100, 1024);
        Assert.Contains("Places most reported: Vorukh (2).", caption);

        var map = photos[1];
        Assert.Equal(5000 + second, map.Body["reply_parameters"]!["message_id"]!.GetValue<int>());
        Assert.Equal("map.png", map.Upload("photo")!.FileName);
        PngCheck.AssertPicture(map.Upload("photo")!.Content, 900, 480);
        Assert.Contains("Incidents: 2 ", map.Caption);
        // Two replies to one chat keep Telegram's one-a-second limit: the fake answered no 429.
        Assert.Equal(0, _rig.Server.RateLimitedSends);
        Assert.Empty(_rig.Server.SentMessages);
    }

    [Fact]
    public async Task Without_incidents_or_with_a_bad_window_the_reply_is_text_not_a_photo()
    {
        var service = _rig.NewUpdateService(RealCommands.Build(_rig.Store, _rig.Time));
        await service.StartAsync(CancellationToken.None);
        _rig.Server.AddMessage(42, "private", 42, "/trend");
        _rig.Server.AddMessage(42, "private", 42, "/map lots");
        await _rig.Server.WaitUntilAsync(s => s.SentMessages.Count >= 2);
        await service.StopAsync(CancellationToken.None);

        Assert.Empty(_rig.Server.Calls("sendPhoto"));
        var texts = _rig.Server.SentMessages.Select(m => m.Text!).ToList();
        Assert.Contains("nothing to draw", texts[0]);
        Assert.Contains("“lots” is not a number of days", texts[1]);
    }

    [Fact]
    public async Task A_429_on_a_photo_is_waited_out_and_the_upload_sent_again()
    {
        await _rig.AddAlertAsync(TelegramRig.MakeAlert("t-3") with { CreatedUtc = _rig.Time.GetUtcNow().AddHours(-2) });
        _rig.Server.FailNext("sendPhoto", FakeTelegramServer.Failure.TooManyRequests(3));
        var service = _rig.NewUpdateService(RealCommands.Build(_rig.Store, _rig.Time));
        await service.StartAsync(CancellationToken.None);
        var before = _rig.Time.GetUtcNow();
        _rig.Server.AddMessage(42, "private", 42, "/trend");
        await _rig.Server.WaitUntilAsync(s => s.Calls("sendPhoto").Count >= 1);
        // The reply lane waits retry_after on the rig's clock: move it on, a second at a time, until the photo is through.
        for (int i = 0; i < 120 && _rig.Server.SentPhotos.Count == 0; i++)
        {
            _rig.Time.Advance(TimeSpan.FromSeconds(1));
            try { await _rig.Server.WaitUntilAsync(s => s.SentPhotos.Count >= 1, TimeSpan.FromMilliseconds(250)); }
            catch (TimeoutException) { }
        }
        await service.StopAsync(CancellationToken.None);

        Assert.Equal(2, _rig.Server.Calls("sendPhoto").Count);
        Assert.True(_rig.Time.GetUtcNow() - before >= TimeSpan.FromSeconds(3), "the retry waited out retry_after");
        PngCheck.AssertPicture(_rig.Server.SentPhotos[0].Upload("photo")!.Content, 900, 360);
    }
}
