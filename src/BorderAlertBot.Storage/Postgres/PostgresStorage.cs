using BorderAlertBot.Storage.Sql;

namespace BorderAlertBot.Storage.Postgres;

/// <summary>
/// The store on PostgreSQL, for several instances sharing one database: claims of due feeds and
/// deliveries take rows with FOR UPDATE SKIP LOCKED, so instances never wait on or take each other's work.
/// </summary>
public sealed class PostgresStorage(string connectionString) : SqlStorage(new PostgresDialect(connectionString));
