namespace BorderAlertBot.Core.Detection;

/// <summary>
/// What one item's matches add up to: how often each kind of evidence occurred and where. The detector
/// fills it from the matches; the decision rules (<see cref="DecisionRules"/>) read only this.
/// </summary>
internal sealed class DetectionTally
{
    // Sides and the border frame.
    public int KgHits, TjHits, PairHits, BorderWords, DistractorHits;
    public bool BorderActor;
    /// <summary>A border word, a frontier place or the pair in the title.</summary>
    public bool BorderInTitle;
    /// <summary>The text has letters only Kyrgyz or Tajik use, or their own word for the border.</summary>
    public bool LocalLanguage;
    /// <summary>The region of a regional outlet (Batken, Sughd…) the item came from, or null.</summary>
    public string? OutletRegion;

    // Places by gazetteer tier.
    public int CorePlaces, AreaPlaces, WeakPlaces;

    // Topic terms.
    public bool StrongTopic, WeakTopic, ArmedOrIncident;
    public int ArmedTerms, CasualtyTerms, LandTerms, CrossingTerms, LocalTerms;
    /// <summary>Highest severity of a general (not strong) topic term.</summary>
    public int WeakSeverity;
    /// <summary>A topic term in the lead (title or first sentence), and the highest severities in and after it.</summary>
    public bool LeadTopic;
    public int LeadTopicSeverity, LaterTopicSeverity;
    /// <summary>Highest term severity in the title and summary, and in the body (capped at 3).</summary>
    public int LeadSeverity, BodySeverity;
    /// <summary>Where de-escalation and fire terms occur: title (0) or the rest of the lead (1); see <see cref="Rubric.IsDeescalation"/>.</summary>
    public bool DeescalationInTitle, FireInTitle, DeescalationInLead, FireInLead;
    /// <summary>A confrontation act in the title: the title is about it, so its lead does not make the item de-escalation.</summary>
    public bool ConfrontationInTitle;
    /// <summary>Shots or heavy weapons anywhere in the item.</summary>
    public bool FireSeen;
    /// <summary>Disaster, sport and economy markers seen.</summary>
    public Marker Markers;

    // Category votes: weight per category (title ×2, lead ×1, later text ×0.5), casualty words apart,
    // conflict vocabulary and confrontation acts counted again apart.
    public readonly double[] CategoryWeight = new double[Enum.GetValues<Category>().Length];
    public double CasualtyWeight, ConflictWeight, ConfrontationWeight;
    /// <summary>The part of <see cref="ConfrontationWeight"/> that is villagers' acts (stones, brawl, blocked road…), not armed.</summary>
    public double IncidentActWeight;
    /// <summary>Fields (bit 0 title, 1 summary, 2 content) that name armed forces, and that hold conflict vocabulary.</summary>
    public int ForcesFields, ConflictFields;

    // What the verdict lists.
    public readonly List<PlaceRef> Places = [];
    public readonly List<string> Actors = [];
    public readonly List<Evidence> Evidence = [];
    public readonly List<string> DistractorNames = [];

    public bool BothSides => PairHits > 0 || (KgHits > 0 && TjHits > 0);
    public bool OneSide => KgHits > 0 || TjHits > 0;
    /// <summary>A border word or a border-specific actor (border service, border guards).</summary>
    public bool Frame => BorderWords > 0 || BorderActor;
    public bool FrontierPlace => CorePlaces > 0 || WeakPlaces > 0;
}

[Flags]
internal enum Marker { None = 0, Disaster = 1, Sport = 2, Economy = 4, Forces = 8 }
