using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using BorderAlertBot.Core.Alerts;
using BorderAlertBot.Core.Commands;
using BorderAlertBot.Core.Delivery;
using BorderAlertBot.Core.Items;
using BorderAlertBot.Core.Storage;
using BorderAlertBot.Storage.Sqlite;
using BorderAlertBot.Telegram;
using BorderAlertBot.Tests.Fakes;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace BorderAlertBot.Tests.Telegram;

/// <summary>
/// The Telegram adapter wired by hand against a <see cref="FakeTelegramServer"/>, with a real SQLite
/// store in a temp dir, the real dispatcher, and a fake clock. The clock pump moves the fake clock to
/// the scheduler's next slot whenever a send waits, so rate limits are honoured without real waiting.
/// </summary>
public sealed class TelegramRig : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _pumpSignal = new(0);
    private Task _pump = Task.CompletedTask;

    public FakeTelegramServer Server { get; private set; } = null!;
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2025, 3, 13, 12, 0, 0, TimeSpan.Zero));
    public string Dir { get; } = Path.Combine(Path.GetTempPath(), "borderalert-tg-" + Guid.NewGuid().ToString("N"));
    public SqliteAlertStore Store { get; private set; } = null!;
    public TelegramOptions Options { get; } = new() { Token = FakeTelegramServer.Token };
    public TelegramConnection Connection { get; private set; } = null!;
    public SendScheduler Scheduler { get; private set; } = null!;
    public TelegramMessenger Messenger { get; private set; } = null!;
    public TelegramSink Sink { get; private set; } = null!;
    public DeliveryDispatcher Dispatcher { get; private set; } = null!;
    public TelegramReplyQueue Replies { get; private set; } = null!;
    public CommandOptions CommandOptions { get; } = new();
    public FloodGuard Guard { get; private set; } = null!;
    /// <summary>What the flood guard told the admin.</summary>
    public ConcurrentQueue<string> AdminNotices { get; } = new();

    /// <summary>While true the clock stands still: sends that must wait for their chat's slot wait (tests of who is not held up).</summary>
    public bool ClockPaused
    {
        get => Volatile.Read(ref _clockPaused);
        set
        {
            Volatile.Write(ref _clockPaused, value);
            _pumpSignal.Release();
        }
    }

    private bool _clockPaused;

    /// <param name="enforceLimits">The fake server keeps Telegram's limits (1 message a second per chat, 20 a minute per group) on the rig's clock, answering 429 with retry_after.</param>
    public static async Task<TelegramRig> StartAsync(Action<TelegramOptions>? configure = null, bool enforceLimits = false)
    {
        var rig = new TelegramRig();
        Directory.CreateDirectory(rig.Dir);
        rig.Server = await FakeTelegramServer.StartAsync();
        if (enforceLimits) rig.Server.EnforceSendLimits(rig.Time);
        rig.Options.ApiBaseUrl = rig.Server.ApiBaseUrl;
        rig.Options.PollingTimeout = TimeSpan.FromSeconds(1);
        configure?.Invoke(rig.Options);
        rig.Store = new SqliteAlertStore($"Data Source={Path.Combine(rig.Dir, "test.db")}");
        await rig.Store.InitializeAsync(CancellationToken.None);
        var options = Microsoft.Extensions.Options.Options.Create(rig.Options);
        var http = new ServiceCollection();
        http.AddHttpClient(TelegramConnection.ClientName);
        rig.Connection = new TelegramConnection(options, http.BuildServiceProvider().GetRequiredService<IHttpClientFactory>());
        rig.Scheduler = new SendScheduler(rig.Time, options);
        rig.Messenger = new TelegramMessenger(rig.Connection, rig.Scheduler, options, rig.Time);
        rig.Sink = new TelegramSink(rig.Messenger, rig.Scheduler, rig.Store, rig.Time, NullLogger<TelegramSink>.Instance);
        rig.Dispatcher = new DeliveryDispatcher(rig.Store, [rig.Sink], Microsoft.Extensions.Options.Options.Create(new DispatcherOptions()), rig.Time, NullLogger<DeliveryDispatcher>.Instance);
        rig.Replies = new TelegramReplyQueue(rig.Time, NullLogger<TelegramReplyQueue>.Instance);
        rig.Guard = new FloodGuard(Microsoft.Extensions.Options.Options.Create(rig.CommandOptions), rig.Time, NullLogger<FloodGuard>.Instance, new RecordingNotifier(rig.AdminNotices));
        rig.Scheduler.Changed += () => rig._pumpSignal.Release();
        rig._pump = Task.Run(rig.PumpClockAsync);
        return rig;
    }

    private async Task PumpClockAsync()
    {
        try
        {
            while (true)
            {
                await _pumpSignal.WaitAsync(_stop.Token);
                if (!ClockPaused && Scheduler.WaitingCount > 0 && Scheduler.NextWakeUtc is { } wake && wake > Time.GetUtcNow())
                    Time.SetUtcNow(wake);
            }
        }
        catch (OperationCanceledException) { }
    }

    /// <summary>The long-polling service wired to this rig (its scheduler, reply queue, flood guard and store).</summary>
    /// <remarks>Set TELEGRAM_TEST_LOG=1 to see its logs while debugging a test.</remarks>
    public TelegramUpdateService NewUpdateService(ICommandService commands, TelegramAdminCheck? admins = null)
    {
        var options = Microsoft.Extensions.Options.Options.Create(Options);
        var services = new ServiceCollection().AddSingleton(commands).BuildServiceProvider();
        return new TelegramUpdateService(Connection, Messenger, admins ?? new TelegramAdminCheck(Connection, options, Time), Replies, Guard, services, Store,
            options, Time, Environment.GetEnvironmentVariable("TELEGRAM_TEST_LOG") == "1"
                ? new Microsoft.Extensions.Logging.Logger<TelegramUpdateService>(Microsoft.Extensions.Logging.LoggerFactory.Create(b => Microsoft.Extensions.Logging.ConsoleLoggerExtensions.AddSimpleConsole(b)))
                : NullLogger<TelegramUpdateService>.Instance);
    }

    private sealed class RecordingNotifier(ConcurrentQueue<string> notices) : IAdminNotifier
    {
        public Task NotifyAsync(string message, CancellationToken cancellationToken)
        {
            notices.Enqueue(message);
            return Task.CompletedTask;
        }
    }

    public static Alert MakeAlert(string id, string headline = "Kyrgyz and Tajik border guards exchange fire near Vorukh", string summary = "Two border guards were wounded near Vorukh.") => new()
    {
        Id = id,
        StoryId = "story-" + id,
        Headline = headline,
        Summary = summary,
        Severity = 4,
        Category = "armed_clash",
        Places = [new AlertPlace("Vorukh", "TJ", 39.8534, 70.5803, "https://www.openstreetmap.org/?mlat=39.8534&mlon=70.5803#map=13/39.8534/70.5803")],
        Sources = [new AlertSource("24.kg", "https://24.kg/english/" + id, "kg24", new DateTimeOffset(2025, 3, 13, 11, 0, 0, TimeSpan.Zero))],
        PublishedUtc = new DateTimeOffset(2025, 3, 13, 11, 0, 0, TimeSpan.Zero),
        CreatedUtc = new DateTimeOffset(2025, 3, 13, 11, 5, 0, TimeSpan.Zero),
    };

    /// <summary>Commits an alert with one delivery per destination, as the pipeline would.</summary>
    public async Task<Alert> AddAlertAsync(Alert alert, params Destination[] destinations)
    {
        var item = new NewsItem { FeedId = "kg24", Key = alert.Id, Title = alert.Headline, Link = alert.PrimaryUrl };
        await Store.CommitAsync(new ItemBatch("kg24", Time.GetUtcNow(), [new ProcessedItem(item, null, alert, destinations.Select(d => new RoutedDelivery(d)).ToList())]), CancellationToken.None);
        return alert;
    }

    /// <summary>Dispatches until nothing is pending, moving the clock to each next attempt (bounded).</summary>
    public async Task DispatchUntilIdleAsync(int maxRounds = 50)
    {
        for (int round = 0; round < maxRounds; round++)
        {
            await Dispatcher.DispatchDueAsync(CancellationToken.None);
            var next = await NextAttemptAsync();
            if (next is null) return;
            if (next > Time.GetUtcNow()) Time.SetUtcNow(next.Value);
        }
        throw new InvalidOperationException("deliveries still pending after " + maxRounds + " rounds");
    }

    public sealed record DeliveryRow(long Id, string AlertId, string Destination, string Status, string? MessageId, string? Error, int Attempts);

    public async Task<IReadOnlyList<DeliveryRow>> DeliveriesAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(Dir, "test.db")}");
        await connection.OpenAsync();
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT id, alert_id, destination, status, message_id, last_error, attempts FROM deliveries ORDER BY id;";
        var rows = new List<DeliveryRow>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            rows.Add(new DeliveryRow(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetValue(4).ToString(), reader.IsDBNull(5) ? null : reader.GetString(5), (int)reader.GetInt64(6)));
        return rows;
    }

    private async Task<DateTimeOffset?> NextAttemptAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(Dir, "test.db")}");
        await connection.OpenAsync();
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT MIN(next_attempt_utc) FROM deliveries WHERE status = 'pending';";
        return await cmd.ExecuteScalarAsync() is long ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _pump;
        Scheduler.Dispose();
        Connection.Dispose();
        await Server.DisposeAsync();
        Store.Dispose();
        SqliteConnection.ClearAllPools();
        TempFolder.Delete(Dir);
        _stop.Dispose();
    }
}
