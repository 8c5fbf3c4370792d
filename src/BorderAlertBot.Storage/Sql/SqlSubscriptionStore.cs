using System.Data.Common;
using System.Globalization;
using BorderAlertBot.Core.Delivery;
using static BorderAlertBot.Storage.Sql.SqlDatabase;

namespace BorderAlertBot.Storage.Sql;

/// <summary>Personal subscriptions.</summary>
public sealed class SqlSubscriptionStore(SqlDatabase db) : ISubscriptionStore
{
    public async Task<bool> AddSubscriptionAsync(Subscription subscription, CancellationToken cancellationToken) =>
        await db.WriteAsync("""
            INSERT INTO subscriptions(platform, user_id, destination, keyword, match_key, place_id, min_severity, created_utc)
            VALUES (@platform, @user, @dest, @keyword, @key, @place, @min, @now) ON CONFLICT DO NOTHING;
            """, cancellationToken, ("@platform", subscription.Platform), ("@user", subscription.UserId), ("@dest", subscription.Destination.Key), ("@keyword", subscription.Keyword),
            ("@key", subscription.MatchKey), ("@place", subscription.PlaceId), ("@min", subscription.MinSeverity), ("@now", subscription.CreatedUtc.ToUnixTimeMilliseconds())) > 0;

    public Task<int> RemoveSubscriptionsAsync(string platform, string userId, string? matchKey, CancellationToken cancellationToken) =>
        matchKey is null
            ? db.WriteAsync("DELETE FROM subscriptions WHERE platform = @platform AND user_id = @user;", cancellationToken, ("@platform", platform), ("@user", userId))
            : db.WriteAsync("DELETE FROM subscriptions WHERE platform = @platform AND user_id = @user AND match_key = @key;", cancellationToken, ("@platform", platform), ("@user", userId), ("@key", matchKey));

    public async Task<IReadOnlyList<Subscription>> GetSubscriptionsAsync(string platform, string userId, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        await using var cmd = Command(connection, null, $"SELECT {SubscriptionColumns} FROM subscriptions WHERE platform = @platform AND user_id = @user ORDER BY id;");
        cmd.Add("@platform", platform);
        cmd.Add("@user", userId);
        return await ReadSubscriptionsAsync(cmd, cancellationToken);
    }

    public async Task<IReadOnlyList<Subscription>> GetAllSubscriptionsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        await using var cmd = Command(connection, null, $"SELECT {SubscriptionColumns} FROM subscriptions ORDER BY id;");
        return await ReadSubscriptionsAsync(cmd, cancellationToken);
    }

    private const string SubscriptionColumns = "id, platform, user_id, destination, keyword, match_key, place_id, min_severity, created_utc";

    private static async Task<IReadOnlyList<Subscription>> ReadSubscriptionsAsync(DbCommand cmd, CancellationToken cancellationToken)
    {
        var list = new List<Subscription>();
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            list.Add(new Subscription
            {
                Id = reader.GetInt64(0),
                Platform = reader.GetString(1),
                UserId = reader.GetString(2),
                Destination = new Destination(reader.GetString(3)),
                Keyword = reader.GetString(4),
                MatchKey = reader.GetString(5),
                PlaceId = NullableString(reader, 6),
                MinSeverity = (int)reader.GetInt64(7),
                CreatedUtc = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(8)),
            });
        return list;
    }
}
