using BorderAlertBot.Core.Alerts;
using BorderAlertBot.Core.Delivery;
using BorderAlertBot.Core.Items;
using BorderAlertBot.Core.Storage;
using BorderAlertBot.Storage.Sqlite;

namespace BorderAlertBot.Tests.Fakes;

/// <summary>A real SQLite store in a temp directory, with helpers to seed alerts.</summary>
public sealed class TestStore : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "borderalert-store-" + Guid.NewGuid().ToString("N"));

    public SqliteAlertStore Store { get; }

    public TestStore()
    {
        Directory.CreateDirectory(_dir);
        Store = new SqliteAlertStore($"Data Source={Path.Combine(_dir, "store.db")}");
        Store.InitializeAsync(default).GetAwaiter().GetResult();
    }

    public static Alert Alert(string id, string headline, int severity = 4, string category = "armed_clash", DateTimeOffset? at = null,
        string summary = "", string storyId = "", params (string Id, string Name)[] places) => new()
    {
        Id = id,
        StoryId = storyId.Length > 0 ? storyId : "s-" + id,
        Headline = headline,
        Summary = summary,
        Severity = severity,
        Category = category,
        Places = places.Select(p => new AlertPlace(p.Name, "TJ", 39.85, 70.57, "https://www.openstreetmap.org/", p.Id)).ToArray(),
        Sources = [new AlertSource("24.kg", "https://24.kg/" + id, "kg24", at)],
        PublishedUtc = at,
        CreatedUtc = at ?? DateTimeOffset.UnixEpoch,
        Reasons = ["names a border place"],
        Evidence = [new AlertEvidence(headline.Split(' ')[0], "title", 0, "term:armed_clash", "x")],
    };

    /// <summary>Commits alerts as a pipeline would, each from its own item, with the given deliveries.</summary>
    public async Task AddAsync(Alert alert, params RoutedDelivery[] deliveries)
    {
        var item = new NewsItem { FeedId = "kg24", Key = "g:" + alert.Id, Title = alert.Headline, Link = alert.PrimaryUrl };
        await Store.CommitAsync(new ItemBatch("kg24", alert.CreatedUtc, [new ProcessedItem(item, null, alert, deliveries)]), default);
    }

    public void Dispose()
    {
        Store.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        TempFolder.Delete(_dir);
    }
}
