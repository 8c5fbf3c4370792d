using System.Data.Common;
using System.Globalization;
using BorderAlertBot.Core.Stories;
using static BorderAlertBot.Storage.Sql.SqlDatabase;

namespace BorderAlertBot.Storage.Sql;

/// <summary>Stories, read back for the tracker and /story (the commit writes them).</summary>
public sealed class SqlStoryStore(SqlDatabase db) : IStoryStore
{
    public Task<IReadOnlyList<StoryState>> GetRecentStoriesAsync(DateTimeOffset since, CancellationToken cancellationToken) =>
        db.QueryAsync("SELECT payload FROM stories WHERE last_report_utc >= @since ORDER BY last_report_utc;",
            r => StoreJson.Deserialize<StoryState>(r.GetString(0)), cancellationToken, ("@since", since.ToUnixTimeMilliseconds()));

    public async Task<StoryState?> GetStoryAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        await using var cmd = Command(connection, null, "SELECT payload FROM stories WHERE id = @id;");
        cmd.Add("@id", id);
        return await cmd.ExecuteScalarAsync(cancellationToken) is string payload ? StoreJson.Deserialize<StoryState>(payload) : null;
    }
}
