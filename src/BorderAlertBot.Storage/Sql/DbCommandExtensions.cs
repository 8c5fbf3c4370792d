using System.Data;
using System.Data.Common;

namespace BorderAlertBot.Storage.Sql;

/// <summary>Typed parameters for both providers; a null is sent with the type its column expects.</summary>
internal static class DbCommandExtensions
{
    public static DbParameter Add(this DbCommand cmd, string name, object? value)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        (p.DbType, p.Value) = value switch
        {
            null or DBNull => (DbType.String, DBNull.Value),
            string s => (DbType.String, s),
            long l => (DbType.Int64, l),
            int i => (DbType.Int32, i),
            _ => (DbType.Object, value),
        };
        cmd.Parameters.Add(p);
        return p;
    }

    public static DbParameter AddLong(this DbCommand cmd, string name, long? value)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        p.DbType = DbType.Int64;
        p.Value = value is { } v ? v : DBNull.Value;
        cmd.Parameters.Add(p);
        return p;
    }
}
