namespace BorderAlertBot.Core.Detection;

/// <summary>
/// The severity and category rubric (docs/RUBRIC.md is its table): what each category covers, what each
/// severity level means, and the two rules that override the vote of the matched terms — de-escalation
/// (a ceasefire, withdrawal, delimitation, treaty or handover leading the item) is never an armed clash,
/// incident or security measure and never above severity 3; deaths make severity 5 otherwise.
/// </summary>
public static class Rubric
{
    /// <summary>The highest severity a de-escalation item may have.</summary>
    public const int DeescalationMaxSeverity = 3;

    /// <summary>Category ties are broken in this order (the more urgent kind wins).</summary>
    public static readonly IReadOnlyList<Category> TieOrder =
        [Category.ArmedClash, Category.Incident, Category.Security, Category.Humanitarian, Category.WaterLand, Category.Crossing, Category.Diplomacy];

    /// <summary>What each category covers.</summary>
    public static readonly IReadOnlyDictionary<Category, string> Categories = new Dictionary<Category, string>
    {
        [Category.ArmedClash] = "Firearms or heavy weapons used against people, posts or villages: an exchange of fire, shots at villagers, mortars, artillery, drone strikes, shelling.",
        [Category.Incident] = "A confrontation without firearms, whatever it is about (water, a pasture, a cemetery road): stone-throwing, brawls (deadly ones too), detentions, hostages, blocked roads, burned property, livestock theft.",
        [Category.Security] = "Forces moved or watching, no shot fired: troop build-ups, reinforcements, drones seen overhead, containers and positions.",
        [Category.Humanitarian] = "What happens to people: tolls of the dead and wounded, evacuation, displacement, mourning, aid, resettlement of families.",
        [Category.WaterLand] = "Water and land disputes without a confrontation: intakes, canals, pastures, disputed plots, water sharing.",
        [Category.Crossing] = "Checkpoints and crossings opened or closed, flights, cross-border trade and travel.",
        [Category.Diplomacy] = "Talks, ceasefires, withdrawals, delimitation and demarcation (fencing the agreed line too), treaties, ratification, land swaps and handovers.",
    };

    /// <summary>What each severity level means.</summary>
    public static readonly IReadOnlyList<string> Severities =
    [
        "",
        "Background: calm situation reports, anniversaries, general mentions of the border.",
        "Talks, treaties, withdrawals and pull-backs, crossings, water and land disputes without confrontation, resettlement.",
        "An incident without weapons (stones, brawl, detention, blocked road), a security measure, a ceasefire; the ceiling for de-escalation.",
        "Shots fired, an exchange of fire, wounded, an evacuation.",
        "Deaths, heavy weapons (mortars, artillery, drones striking, tanks), mass evacuation, national mourning.",
    ];

    /// <summary>
    /// An item is de-escalation when its title names a ceasefire, withdrawal, delimitation, treaty or handover
    /// and no shots or heavy weapons; with neither in the title, when its first sentence does, unless the title
    /// names a confrontation (then the item is about it: "herders detained … handed back after a meeting").
    /// </summary>
    public static bool IsDeescalation(bool deescalationInTitle, bool fireInTitle, bool deescalationInLead, bool fireInLead, bool confrontationInTitle = false) =>
        deescalationInTitle || fireInTitle
            ? deescalationInTitle && !fireInTitle
            : !confrontationInTitle && deescalationInLead && !fireInLead;

    /// <summary>The category the terms voted for, corrected by the de-escalation rule.</summary>
    public static Category CategoryOf(Category voted, bool deescalation) =>
        deescalation && voted is Category.ArmedClash or Category.Incident or Category.Security ? Category.Diplomacy : voted;

    /// <summary>The severity of the worst term in the lead (body terms up to 3), capped at 3 for de-escalation.</summary>
    public static int SeverityOf(int leadSeverity, int bodySeverity, bool deescalation)
    {
        int severity = Math.Clamp(Math.Max(leadSeverity, bodySeverity), 1, 5);
        return deescalation ? Math.Min(severity, DeescalationMaxSeverity) : severity;
    }
}
