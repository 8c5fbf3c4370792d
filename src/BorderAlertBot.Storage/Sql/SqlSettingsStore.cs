using System.Data.Common;
using System.Globalization;
using BorderAlertBot.Core.Storage;
using static BorderAlertBot.Storage.Sql.SqlDatabase;

namespace BorderAlertBot.Storage.Sql;

/// <summary>Small named values in the kv table.</summary>
public sealed class SqlSettingsStore(SqlDatabase db) : ISettingsStore
{
    public async Task<string?> GetValueAsync(string key, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        await using var cmd = Command(connection, null, "SELECT value FROM kv WHERE key = @key;");
        cmd.Add("@key", key);
        return (string?)await cmd.ExecuteScalarAsync(cancellationToken);
    }

    public Task SetValueAsync(string key, string value, CancellationToken cancellationToken) =>
        db.WriteAsync("INSERT INTO kv(key, value) VALUES (@key, @value) ON CONFLICT(key) DO UPDATE SET value = excluded.value;",
            cancellationToken, ("@key", key), ("@value", value));

    // The conditional upsert is one statement in both dialects, so concurrent claims serialise on the row.
    public async Task<bool> TryAdvanceValueAsync(string key, string value, CancellationToken cancellationToken) =>
        await db.WriteAsync("INSERT INTO kv(key, value) VALUES (@key, @value) ON CONFLICT(key) DO UPDATE SET value = excluded.value WHERE kv.value < excluded.value;",
            cancellationToken, ("@key", key), ("@value", value)) == 1;
}
