namespace BorderAlertBot.Core.Stories;

/// <summary>
/// The phase of an event a report announces, read from the acts it names: a ceasefire, a ceasefire broken,
/// forces withdrawn, an evacuation. A change of phase is news readers need, so it is an update.
/// </summary>
public static class StoryStatus
{
    public const string Ceasefire = "ceasefire";
    public const string CeasefireBroken = "ceasefire broken";
    public const string Withdrawn = "forces withdrawn";
    public const string Escalated = "armed clash";

    /// <summary>The status a report's acts announce, or null.</summary>
    public static string? FromActs(IReadOnlyCollection<string> acts) =>
        acts.Contains("ceasefire-violation") ? CeasefireBroken
        : acts.Contains("ceasefire") ? Ceasefire
        : acts.Contains("withdrawal-of-forces") || acts.Contains("pull-back") ? Withdrawn
        : null;

    /// <summary>How an update says it.</summary>
    public static string Describe(string status) => status switch
    {
        Ceasefire => "Ceasefire agreed",
        CeasefireBroken => "Ceasefire broken",
        Withdrawn => "Forces withdrawn",
        Escalated => "Escalated to an armed clash",
        _ => status,
    };
}
