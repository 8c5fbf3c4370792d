using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using BorderAlertBot.Core.Alerts;
using BorderAlertBot.Core.Commands;
using BorderAlertBot.Discord;
using BorderAlertBot.Tests.Fakes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BorderAlertBot.Tests.Discord;

/// <summary>The real Discord wiring (AddDiscord) pointed at a <see cref="FakeDiscordServer"/>, with short waits.</summary>
internal static class DiscordTestSupport
{
    public const string ChannelId = "1000000000000000001";
    public const string GuildId = "1300000000000000001";

    public static readonly DiscordTuning FastTuning = new()
    {
        FastReplyWindow = TimeSpan.FromMilliseconds(400),
        RetryBaseDelay = TimeSpan.FromMilliseconds(10),
        InvalidSessionDelayMin = TimeSpan.FromMilliseconds(10),
        InvalidSessionDelayMax = TimeSpan.FromMilliseconds(20),
        ReconnectBaseDelay = TimeSpan.FromMilliseconds(10),
        ReconnectMaxDelay = TimeSpan.FromMilliseconds(50),
    };

    public static IHost BuildHost(FakeDiscordServer server, bool runMode = false, Dictionary<string, string?>? settings = null,
        DiscordTuning? tuning = null, RecordingCommandService? commands = null, ICommandService? realCommands = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, Args = [] });
        var config = new Dictionary<string, string?>
        {
            ["BorderAlert:Discord:Token"] = FakeDiscordServer.Token,
            ["BorderAlert:Discord:ApiBaseUrl"] = server.ApiBaseUrl,
            ["BorderAlert:Discord:GatewayUrl"] = server.GatewayUrl + "/gateway",
            ["BorderAlert:Discord:ChannelIds:0"] = ChannelId,
        };
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>()) config[k] = v;
        builder.Configuration.AddInMemoryCollection(config);
        builder.Services.AddSingleton(tuning ?? FastTuning);
        builder.Services.AddSingleton(new Random(7));
        builder.Services.AddSingleton(commands ?? new RecordingCommandService());
        builder.Services.AddSingleton<ICommandService>(sp => realCommands ?? sp.GetRequiredService<RecordingCommandService>());
        if (Environment.GetEnvironmentVariable("DISCORD_TEST_LOG") == "1") Microsoft.Extensions.Logging.ConsoleLoggerExtensions.AddSimpleConsole(builder.Logging);
        builder.AddDiscord(runMode);
        return builder.Build();
    }

    public static Alert Alert(int severity = 4, string headline = "Kyrgyz and Tajik border guards exchange fire near Vorukh", string summary = "Two Kyrgyz border guards were wounded near Vorukh, the Border Service said.") => new()
    {
        Id = "a-1",
        StoryId = "s-1",
        Headline = headline,
        Summary = summary,
        Severity = severity,
        Category = "armed_clash",
        Places = [new AlertPlace("Vorukh", "TJ", 39.85, 70.58, "https://www.openstreetmap.org/?mlat=39.85&mlon=70.58#map=13/39.85/70.58")],
        Sources =
        [
            new AlertSource("24.kg", "https://24.kg/english/1", "kg24", null),
            new AlertSource("Asia-Plus", "https://asiaplustj.info/en/2", "asiaplus", null),
        ],
        PublishedUtc = new DateTimeOffset(2025, 3, 13, 11, 0, 0, TimeSpan.Zero),
        CreatedUtc = new DateTimeOffset(2025, 3, 13, 11, 5, 0, TimeSpan.Zero),
    };

    /// <summary>INTERACTION_CREATE for a slash command in a guild channel (or, with <paramref name="channelId"/> null, a DM), shaped as in the docs.</summary>
    public static JsonObject Interaction(string id, string name, JsonArray? options = null, string permissions = "1071698660929",
        string userId = "2000000000000000001", string? channelId = ChannelId)
    {
        var user = new JsonObject { ["id"] = userId, ["username"] = "aibek", ["global_name"] = "Aibek", ["discriminator"] = "0" };
        var interaction = new JsonObject
        {
            ["id"] = id,
            ["application_id"] = FakeDiscordServer.ApplicationId,
            ["type"] = 2,
            ["token"] = "interaction-token-" + id,
            ["version"] = 1,
            ["channel_id"] = channelId ?? "8" + userId,
            ["data"] = new JsonObject { ["id"] = "1400000000000000001", ["name"] = name, ["type"] = 1, ["options"] = options ?? [] },
            ["app_permissions"] = "442368",
            ["locale"] = "ru",
        };
        if (channelId is null)
        {
            interaction["user"] = user;
            interaction["context"] = 1;
            return interaction;
        }
        interaction["guild_id"] = GuildId;
        interaction["guild_locale"] = "en-US";
        interaction["member"] = new JsonObject
        {
            ["user"] = user,
            ["roles"] = new JsonArray(),
            ["permissions"] = permissions,
            ["joined_at"] = "2024-01-01T00:00:00.000000+00:00",
        };
        return interaction;
    }

    /// <summary>Set DISCORD_TEST_LOG=1 to see the adapter's logs while debugging a test.</summary>
    public static Microsoft.Extensions.Logging.ILogger Logger() => Environment.GetEnvironmentVariable("DISCORD_TEST_LOG") == "1"
        ? Microsoft.Extensions.Logging.LoggerFactory.Create(b => Microsoft.Extensions.Logging.ConsoleLoggerExtensions.AddSimpleConsole(b, o => o.TimestampFormat = "HH:mm:ss.fff ")).CreateLogger("gateway")
        : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

    public static async Task<T> Within<T>(Task<T> task, int seconds = 10) => await task.WaitAsync(TimeSpan.FromSeconds(seconds));

    public static async Task Within(Task task, int seconds = 10) => await task.WaitAsync(TimeSpan.FromSeconds(seconds));

    /// <summary>Waits for a condition the fake server records (a safety-net timeout, not a guess).</summary>
    public static async Task Until(Func<bool> condition, int seconds = 10)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("condition not met in time");
            await Task.Delay(10);
        }
    }
}

/// <summary>A command service double: records calls; "slow" waits for a gate the test opens.</summary>
internal sealed class RecordingCommandService : ICommandService
{
    public ConcurrentQueue<ChatCommand> Calls { get; } = new();
    public TaskCompletionSource SlowGate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyList<CommandInfo> Commands { get; } =
    [
        new("help", "What the bot can do", []),
        new("subscribe", "Get a DM when a place or word appears in an alert",
            [new("keyword", "A place or word", CommandOptionType.String, true), new("min_severity", "Lowest severity", CommandOptionType.Integer, false, 1, 5)], Personal: true),
        new("settings", "Channel settings for alerts", [new("min_severity", "Lowest severity", CommandOptionType.Integer, true, 1, 5)], AdminOnly: true),
        new("slow", "A command that takes its time", []),
    ];

    public async Task<CommandReply> ExecuteAsync(ChatCommand command, CancellationToken cancellationToken)
    {
        Calls.Enqueue(command);
        switch (command.Name)
        {
            case "help": return CommandReply.Text("Commands: /help, /subscribe. Not pinging @everyone.");
            case "subscribe": return CommandReply.Text($"Subscribed to {command.Arguments[0]}", ephemeral: true);
            case "settings": return CommandReply.Text("Saved.");
            case "slow":
                await SlowGate.Task.WaitAsync(cancellationToken);
                return CommandReply.Text("Here is the slow answer.");
            default: return CommandReply.Error("Unknown command.");
        }
    }
}
