using System.Data.Common;
using System.Globalization;
using BorderAlertBot.Core.Alerts;
using static BorderAlertBot.Storage.Sql.SqlDatabase;

namespace BorderAlertBot.Storage.Sql;

/// <summary>Alerts, read back for the commands (the commit writes them).</summary>
public sealed class SqlAlertStore(SqlDatabase db) : IAlertStore
{
    public async Task<Alert?> GetAlertAsync(string id, CancellationToken cancellationToken)
    {
        var alerts = await QueryAlertsAsync("SELECT payload FROM alerts WHERE id = @p;", id, cancellationToken);
        return alerts.Count > 0 ? alerts[0] : null;
    }

    public Task<IReadOnlyList<Alert>> GetRecentAlertsAsync(DateTimeOffset since, int limit, CancellationToken cancellationToken) =>
        QueryAlertsAsync($"SELECT payload FROM alerts WHERE created_utc >= @p ORDER BY created_utc DESC, id DESC LIMIT {Math.Clamp(limit, 1, 10_000)};", since.ToUnixTimeMilliseconds(), cancellationToken);

    public Task<IReadOnlyList<Alert>> GetStoryAlertsAsync(string storyId, CancellationToken cancellationToken) =>
        QueryAlertsAsync("SELECT payload FROM alerts WHERE story_id = @p ORDER BY created_utc, id;", storyId, cancellationToken);

    public async Task<int> CountAlertsSinceAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        await using var cmd = Command(connection, null, "SELECT COUNT(*) FROM alerts WHERE created_utc >= @since;");
        cmd.Add("@since", since.ToUnixTimeMilliseconds());
        return (int)Convert.ToInt64(await cmd.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    private Task<IReadOnlyList<Alert>> QueryAlertsAsync(string sql, object parameter, CancellationToken cancellationToken) =>
        db.QueryAsync(sql, r => StoreJson.Deserialize<Alert>(r.GetString(0)), cancellationToken, ("@p", parameter));
}
