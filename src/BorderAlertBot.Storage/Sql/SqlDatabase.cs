using System.Data.Common;
using System.Globalization;

namespace BorderAlertBot.Storage.Sql;

/// <summary>
/// What every port of the SQL store shares: connections from the dialect, the in-process write lock
/// (SQLite has one writer: serialising writes avoids busy retries; PostgreSQL needs no lock), and
/// small command helpers. Timestamps are stored as Unix milliseconds.
/// </summary>
public sealed class SqlDatabase(StoreDialect dialect) : IDisposable
{
    private readonly SemaphoreSlim _writeLock = new(1, 1);

    public StoreDialect Dialect => dialect;

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken) => await dialect.OpenAsync(cancellationToken);

    /// <summary>Held for the whole of a write (dispose to release).</summary>
    public async Task<WriteLock> LockForWriteAsync(CancellationToken cancellationToken)
    {
        if (!dialect.SerializeWrites) return new WriteLock(null);
        await _writeLock.WaitAsync(cancellationToken);
        return new WriteLock(_writeLock);
    }

    /// <summary>One statement (or a few, separated by ';') outside a transaction; returns the rows affected.</summary>
    public async Task<int> WriteAsync(string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        using var _ = await LockForWriteAsync(cancellationToken);
        await using var connection = await OpenAsync(cancellationToken);
        await using var cmd = Command(connection, null, sql);
        foreach (var (name, value) in parameters) cmd.Add(name, value ?? DBNull.Value);
        return await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Runs a query on a fresh connection and maps each row.</summary>
    public async Task<IReadOnlyList<T>> QueryAsync<T>(string sql, Func<DbDataReader, T> map, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var cmd = Command(connection, null, sql);
        foreach (var (name, value) in parameters) cmd.Add(name, value ?? DBNull.Value);
        return await ReadAllAsync(cmd, map, cancellationToken);
    }

    public static async Task<IReadOnlyList<T>> ReadAllAsync<T>(DbCommand cmd, Func<DbDataReader, T> map, CancellationToken cancellationToken)
    {
        var list = new List<T>();
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) list.Add(map(reader));
        return list;
    }

    public static DbCommand Command(DbConnection connection, DbTransaction? tx, string sql)
    {
        var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = tx;
        return cmd;
    }

    public static async Task ExecAsync(DbConnection connection, DbTransaction? tx, string sql, CancellationToken cancellationToken)
    {
        await using var cmd = Command(connection, tx, sql);
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    public static async Task<int> CountAsync(DbConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var cmd = Command(connection, null, sql);
        return (int)Convert.ToInt64(await cmd.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    public static string? NullableString(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    public static DateTimeOffset? NullableTime(DbDataReader r, int i) => r.IsDBNull(i) ? null : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(i));

    public void Dispose()
    {
        _writeLock.Dispose();
        dialect.Dispose();
    }

    /// <summary>The write lock while held; a no-op where the database takes concurrent writers.</summary>
    public readonly struct WriteLock(SemaphoreSlim? held) : IDisposable
    {
        public void Dispose() => held?.Release();
    }
}
