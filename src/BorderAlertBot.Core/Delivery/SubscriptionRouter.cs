using BorderAlertBot.Core.Alerts;
using BorderAlertBot.Core.Delivery;
using BorderAlertBot.Core.Pipeline;
using BorderAlertBot.Core.Storage;
using BorderAlertBot.Core.Text;

namespace BorderAlertBot.Core.Delivery;

/// <summary>
/// Personal subscriptions → private-chat destinations for one alert. A place subscription matches when the
/// alert names that gazetteer place (in any of its spellings, since the detector resolved them); a keyword
/// matches a word of the alert's headline, summary, places or actors that starts with it, compared in the
/// detector's folded form, so case, script and inflection do not matter ("mortar" finds "mortars",
/// "Ворух" finds "Ворухе"). A user gets one notification per alert however many subscriptions match, and
/// nothing while their private chat is paused (they blocked the bot). Users are notified whether or not
/// the alert was also posted to a channel they are in: the bot cannot see channel membership.
/// </summary>
public sealed class SubscriptionRouter(ISubscriptionStore subscriptions, IDestinationStore destinations) : ISubscriberRouter
{
    public async Task<IReadOnlyList<Destination>> RouteAsync(Alert alert, CancellationToken cancellationToken)
    {
        var all = await subscriptions.GetAllSubscriptionsAsync(cancellationToken);
        if (all.Count == 0) return [];
        var paused = (await destinations.GetDestinationsAsync(cancellationToken))
            .Where(d => d.Status != DestinationStatus.Active).Select(d => d.Destination).ToHashSet();
        return Match(alert, all, paused);
    }

    public static IReadOnlyList<Destination> Match(Alert alert, IEnumerable<Subscription> all, IReadOnlySet<Destination> paused)
    {
        string folded = " " + TextFolder.Fold(string.Join(" | ", new[] { alert.Headline, alert.Summary }
            .Concat(alert.Places.Select(p => p.Name)).Concat(alert.Actors))) + " ";
        var placeIds = alert.Places.Select(p => p.Id).Where(id => id.Length > 0).ToHashSet(StringComparer.Ordinal);
        var result = new List<Destination>();
        foreach (var s in all)
        {
            if (alert.Severity < s.MinSeverity || paused.Contains(s.Destination) || result.Contains(s.Destination)) continue;
            bool hit = s.PlaceId is not null ? placeIds.Contains(s.PlaceId) || folded.Contains(" " + s.MatchKey, StringComparison.Ordinal)
                                             : folded.Contains(" " + s.MatchKey, StringComparison.Ordinal);
            if (hit) result.Add(s.Destination);
        }
        return result;
    }
}
