using BorderAlertBot.Storage.Postgres;
using BorderAlertBot.Tests.Fakes;
using Npgsql;
using Quartz;
using Xunit;

namespace BorderAlertBot.Tests.Delivery;

/// <summary>
/// The QRTZ_ tables our PostgreSQL migrations create are the ones Quartz's clustered job store expects:
/// compared column by column (type, nullability, default) and key by key with what Quartz itself
/// provisions on an empty database, and accepted by its start-up schema check.
/// </summary>
public sealed class QuartzSchemaTests(PostgresServer postgres) : IClassFixture<PostgresServer>
{
    // Quartz's optional execution-history tables: the bot does not keep Quartz's history, so they are not migrated.
    private static readonly string[] OptionalTables = ["qrtz_execution_history", "qrtz_misfire_history", "qrtz_job_status"];

    [SkippableFact]
    public async Task The_migrated_quartz_tables_match_what_quartz_provisions()
    {
        string ours = postgres.CreateDatabase();
        string theirs = postgres.CreateDatabase();
        using (var store = new PostgresStorage(ours)) await store.InitializeAsync(default);
        await StartAndStopAsync(theirs, provision: true);

        var expected = await DescribeAsync(theirs);
        var actual = await DescribeAsync(ours);
        Assert.NotEmpty(actual);
        Assert.Equal(expected.Where(c => !OptionalTables.Contains(c.Split('.')[0])).Order(), actual.Order());

        // Quartz's own start-up check (SchemaProvisioning.Validate) accepts the migrated database, clustered.
        await StartAndStopAsync(ours, provision: false);
    }

    private static async Task StartAndStopAsync(string connectionString, bool provision)
    {
        var scheduler = await QuartzSchedulerBuilder.Create(q =>
        {
            q.ConfigureScheduler(s => s.InstanceName = "schema-check");
            q.UsePersistentStore(store =>
            {
                store.UsePostgres(connectionString);
                store.UseClustering(c => c.CheckinInterval = TimeSpan.FromSeconds(1));
                if (provision) store.ProvisionSchema();
            });
        }).BuildScheduler();
        await scheduler.Start();
        await scheduler.Shutdown(true);
    }

    /// <summary>Every column of the qrtz_ tables as "table.column type nullability default", and every key as "table.pkey(columns)".</summary>
    private static async Task<List<string>> DescribeAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = """
            SELECT table_name || '.' || column_name || ' ' || data_type || COALESCE('(' || character_maximum_length || ')', '') || ' ' || is_nullable || ' ' || COALESCE(column_default, '')
            FROM information_schema.columns WHERE table_schema = 'public' AND table_name LIKE 'qrtz%'
            UNION ALL
            SELECT tc.table_name || '.' || tc.constraint_type || '(' || string_agg(kcu.column_name, ',' ORDER BY kcu.ordinal_position) || ')'
            FROM information_schema.table_constraints tc JOIN information_schema.key_column_usage kcu
              ON kcu.constraint_name = tc.constraint_name AND kcu.table_name = tc.table_name
            WHERE tc.table_schema = 'public' AND tc.table_name LIKE 'qrtz%' AND tc.constraint_type IN ('PRIMARY KEY', 'FOREIGN KEY')
            GROUP BY tc.table_name, tc.constraint_name, tc.constraint_type;
            """;
        var list = new List<string>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync()) list.Add(reader.GetString(0));
        return list;
    }
}
