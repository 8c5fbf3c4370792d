using BorderAlertBot.Storage.Sql;

namespace BorderAlertBot.Storage.Sqlite;

/// <summary>The default store: one SQLite file in WAL mode; several processes may share it.</summary>
public sealed class SqliteStorage(string connectionString) : SqlStorage(new SqliteDialect(connectionString));
