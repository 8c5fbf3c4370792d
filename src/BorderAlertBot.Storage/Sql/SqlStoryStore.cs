using System.Data.Common;
using System.Globalization;
using BorderAlertBot.Core.Stories;
using static BorderAlertBot.Storage.Sql.SqlDatabase;

namespace BorderAlertBot.Storage.Sql;

/// <summary>Stories, read back for the tracker (the commit writes them).</summary>
public sealed class SqlStoryStore(SqlDatabase db) : IStoryStore
{
    public Task<IReadOnlyList<StoryState>> GetRecentStoriesAsync(DateTimeOffset since, CancellationToken cancellationToken) =>
        db.QueryAsync("SELECT payload FROM stories WHERE last_report_utc >= @since ORDER BY last_report_utc;",
            r => StoreJson.Deserialize<StoryState>(r.GetString(0)), cancellationToken, ("@since", since.ToUnixTimeMilliseconds()));
}
