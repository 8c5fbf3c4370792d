using BorderAlertBot.Core.Alerts;
using BorderAlertBot.Core.Commands;
using BorderAlertBot.Core.Delivery;
using BorderAlertBot.Core.Pipeline;
using BorderAlertBot.Core.Storage;
using BorderAlertBot.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace BorderAlertBot.Tests.Telegram;

/// <summary>
/// `/subscribe` taken by `run` in a private chat, then a matching alert in a later `run --once`: exactly
/// one DM. The CommandService and the subscription matcher are stand-ins matching the keyword as typed
/// (the real ones, built elsewhere, also match Ворух ↔ Vorukh through the gazetteer); what is proven
/// here is the Telegram side: the caller it passes, the store shared between runs, and the
/// "telegram-user:" delivery.
/// </summary>
public class TelegramSubscriptionTests : IAsyncLifetime
{
    private FeedServer _feeds = null!;
    private FakeTelegramServer _telegram = null!;
    private readonly CliRunner _cli = new();
    private readonly List<RssBuilder.Item> _items = [];

    public async Task InitializeAsync()
    {
        _feeds = await FeedServer.StartAsync();
        _telegram = await FakeTelegramServer.StartAsync();
        _feeds.MapFeed("/feed.xml", () => RssBuilder.Build("24.kg", _items));
        _cli.FeedsFile(("kg24", _feeds.Url("/feed.xml")));
        _cli.ConfigureServices = s =>
        {
            s.AddSingleton<ICommandService, SubscribingCommandService>();
            s.AddSingleton<ISubscriberRouter, KeywordSubscribers>();
        };
        _cli.Settings["BorderAlert:Telegram:Token"] = FakeTelegramServer.Token;
        _cli.Settings["BorderAlert:Telegram:ApiBaseUrl"] = _telegram.ApiBaseUrl;
    }

    public async Task DisposeAsync()
    {
        await _feeds.DisposeAsync();
        await _telegram.DisposeAsync();
        _cli.Dispose();
    }

    [Fact]
    public async Task Subscribe_in_a_private_chat_then_a_matching_alert_gives_exactly_one_dm()
    {
        using (var stop = new CancellationTokenSource())
        {
            var running = _cli.RunAsync(["run"], "", stop.Token);
            _telegram.AddMessage(42, "private", 42, "/subscribe Vorukh");
            await _telegram.WaitUntilAsync(s => s.SentMessages.Any(m => m.ChatId == "42"), TimeSpan.FromSeconds(30));
            await stop.CancelAsync();
            Assert.Equal(0, (await running.WaitAsync(TimeSpan.FromSeconds(30))).ExitCode);
        }
        Assert.Contains("Subscribed", Assert.Single(_telegram.SentMessages).Text);

        _items.Add(new("1", "Kyrgyz and Tajik border guards exchange fire near Vorukh",
            "Two Kyrgyz border guards were wounded near Vorukh, the Border Service said.", "https://24.kg/english/1", DateTimeOffset.UtcNow.AddHours(-1)));
        Assert.Equal(0, (await _cli.RunAsync("run", "--once")).ExitCode);
        Assert.Equal(0, (await _cli.RunAsync("run", "--once")).ExitCode);

        var alerts = _telegram.SentMessages.Skip(1).ToList();
        var dm = Assert.Single(alerts);
        Assert.Equal("42", dm.ChatId);
        Assert.Contains("exchange fire near Vorukh", TelegramHtmlChecker.VisibleText(dm.Text!));
    }

    private sealed class SubscribingCommandService(ISubscriptionStore store) : ICommandService
    {
        public IReadOnlyList<CommandInfo> Commands { get; } = [new("subscribe", "Notify me", [new CommandOption("keyword", "word", CommandOptionType.String, true)], Personal: true)];

        public async Task<CommandReply> ExecuteAsync(ChatCommand command, CancellationToken cancellationToken)
        {
            if (!command.Caller.IsPrivateChat) return CommandReply.Error("Subscribe in a private chat with me.");
            await store.AddSubscriptionAsync(new Subscription
            {
                Platform = command.Caller.Platform,
                UserId = command.Caller.UserId,
                Destination = new Destination("telegram-user:" + command.Caller.UserId),
                Keyword = command.ArgumentText,
                MatchKey = command.ArgumentText.ToLowerInvariant(),
                CreatedUtc = DateTimeOffset.UtcNow,
            }, cancellationToken);
            return CommandReply.Text("Subscribed to " + command.ArgumentText);
        }
    }

    private sealed class KeywordSubscribers(ISubscriptionStore store) : ISubscriberRouter
    {
        public async Task<IReadOnlyList<Destination>> RouteAsync(Alert alert, CancellationToken cancellationToken)
        {
            string text = (alert.Headline + " " + alert.Summary).ToLowerInvariant();
            return (await store.GetAllSubscriptionsAsync(cancellationToken)).Where(s => text.Contains(s.MatchKey)).Select(s => s.Destination).Distinct().ToList();
        }
    }
}
