namespace BorderAlertBot.Core.Stories;

/// <summary>
/// The acts that tell one incident from another (stone-throwing, mortar fire, a detention, a blocked road):
/// lexicon terms that name what was done, not the generic words every clash report uses.
/// </summary>
public static class SpecificActs
{
    private static readonly HashSet<string> Generic = new(StringComparer.Ordinal)
    {
        "armed-clash", "clash-general", "incident-general", "tension", "killed", "wounded", "war", "situation-report",
        "talks", "agreement-general", "border-issues", "eternal-friendship",
    };

    public static bool IsSpecific(string termId) => !Generic.Contains(termId);
}
