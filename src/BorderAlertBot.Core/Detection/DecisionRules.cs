namespace BorderAlertBot.Core.Detection;

/// <summary>
/// The detector's documented rules (see <see cref="BorderDetector"/>), one method each, reading a
/// <see cref="DetectionTally"/>. Each rule that fires writes its reason in words, for /why.
/// Relevant = <see cref="TiesThePair"/> ∧ <see cref="HasBorderTopic"/> ∧ ¬<see cref="IsAboutSomethingElse"/> ∧ ¬<see cref="IsBackground"/>.
/// </summary>
internal static class DecisionRules
{
    /// <summary>Rule 1: is the Kyrgyz–Tajik pair tied to the item?</summary>
    public static bool TiesThePair(DetectionTally t, IEnumerable<string> corePlaceNames, List<string> reasons)
    {
        int before = reasons.Count;
        if (t.CorePlaces > 0) reasons.Add($"names a border place ({string.Join(", ", corePlaceNames)})");
        if (t.PairHits > 0) reasons.Add("names Kyrgyzstan and Tajikistan together");
        else if (t.BothSides) reasons.Add("mentions both Kyrgyz and Tajik sides");
        if (t.WeakPlaces > 0 && (t.StrongTopic || t.Frame || t.WeakSeverity >= 3 || t.LocalTerms > 0))
            reasons.Add("a frontier village with a border word, a border topic, an incident or local border vocabulary");
        if (DistrictTie(t)) reasons.Add("a border district with a border word, border service, armed-clash or casualty term");
        if (t.OneSide && t.BorderWords > 0) reasons.Add("one side of the pair with a border word");
        // Kyrgyz- and Tajik-language outlets write "the border" for their own border: there, a border word
        // with a clash, casualties or delimitation, and no other country named, is this border.
        if (!t.OneSide && t.BorderWords > 0 && t.DistractorHits == 0 && t.LocalLanguage && (t.ArmedTerms > 0 || t.CasualtyTerms > 0 || t.StrongTopic))
            reasons.Add("a Kyrgyz or Tajik text about \"the border\" with a clash, casualties or delimitation");
        // A regional outlet (in Batken, in Sughd) writes "on the border" for the one border its region has with
        // the other country: there a border word, with no other border named, is this border.
        if (t.OutletRegion is { } region && t.BorderWords > 0 && t.DistractorHits == 0)
            reasons.Add($"an outlet of {region} writing about \"the border\" (its region's border is the Kyrgyz–Tajik one)");
        return reasons.Count > before;
    }

    /// <summary>A border district (Batken, Isfara, Leilek…) with a border word, border service, clash or casualty word.</summary>
    public static bool DistrictTie(DetectionTally t) => t.AreaPlaces > 0 && (t.Frame || t.ArmedTerms > 0 || t.CasualtyTerms > 0);

    /// <summary>
    /// Rule 2: is there a border topic? Strong terms always; general words next to a border word; next to
    /// a border place when they describe an incident (severity 3+) or are "local" border vocabulary
    /// (resettlement, canal, pasture, handover: "Vorukh gets drinking water" is not border news, "Dostuk
    /// families get new houses" is); with both sides and an armed-clash, water, land, crossing or local
    /// word; or in a border district with clash or casualty words.
    /// </summary>
    public static bool HasBorderTopic(DetectionTally t, List<string> reasons)
    {
        bool placeFrame = t.FrontierPlace && (t.WeakSeverity >= 3 || t.LocalTerms > 0);
        bool sidesFrame = t.BothSides && (t.ArmedTerms > 0 || t.LandTerms > 0 || t.CrossingTerms > 0 || t.LocalTerms > 0);
        bool topic = t.StrongTopic || (t.WeakTopic && (t.Frame || placeFrame || sidesFrame || DistrictTie(t)));
        if (t.StrongTopic) reasons.Add("a border topic term");
        else if (topic) reasons.Add("a general topic term next to a border place or border word");
        return topic;
    }

    /// <summary>
    /// Rule 3: is it about something else? Another border or conflict named more often than the weaker side
    /// of the pair with no core place; a natural disaster with no clash; a sport or economy story with no
    /// incident (unless it is a crossing at a frontier place).
    /// </summary>
    public static bool IsAboutSomethingElse(DetectionTally t, List<string> reasons)
    {
        bool distracted = false;
        if (t.DistractorHits > 0 && t.CorePlaces == 0 && t.DistractorHits > Math.Min(t.KgHits, t.TjHits))
        {
            distracted = true;
            reasons.Add($"about another border or conflict ({string.Join(", ", t.DistractorNames)})");
        }
        if (t.Markers.HasFlag(Marker.Disaster) && t.ArmedTerms == 0)
        {
            distracted = true;
            reasons.Add("a natural-disaster story without a border incident");
        }
        bool frontierCrossing = t.FrontierPlace && (t.CrossingTerms > 0 || t.LocalTerms > 0);
        if ((t.Markers & (Marker.Sport | Marker.Economy)) != 0 && !t.ArmedOrIncident && !frontierCrossing)
        {
            distracted = true;
            reasons.Add("a sport or economy story without a border incident");
        }
        return distracted;
    }

    /// <summary>
    /// Rule 4: is the border the news, or background? When the title names no border word, frontier place or
    /// the pair, and the topic words all come after the lead (title and first sentence) and speak only of
    /// talks, treaties or calm (severity ≤ 2), the border is mentioned in passing: "Batken votes in local
    /// polls … few candidates mentioned last year's border treaty." A clash or an incident later in the
    /// text still counts. Only asked of an item the first three rules find relevant, with a summary.
    /// </summary>
    public static bool IsBackground(DetectionTally t, List<string> reasons)
    {
        if (t.LeadTopic || t.BorderInTitle || t.LaterTopicSeverity > 2) return false;
        reasons.Add("the border is mentioned only in passing, after the lead");
        return true;
    }

    /// <summary>0–1 confidence: at least 0.5 exactly when relevant, growing with the ties and topic weight.</summary>
    public static double Score(DetectionTally t, bool relevant, bool topic)
    {
        int tie = (t.CorePlaces > 0 ? 3 : 0) + (t.BothSides ? 2 : 0) + (t.WeakPlaces + t.AreaPlaces > 0 ? 1 : 0) + (t.Frame ? 1 : 0);
        double topicWeight = t.CategoryWeight.Sum() + t.CasualtyWeight;
        double score = relevant
            ? 0.5 + 0.5 * (1 - Math.Exp(-(tie + topicWeight) / 4))
            : 0.49 * Math.Min(1, (tie + (topic ? 2 : 0)) / 6.0);
        return Math.Round(score, 3);
    }

    /// <summary>
    /// The category with the largest weight of matched terms, ties broken in <see cref="Rubric.TieOrder"/>,
    /// after the rubric's definitions have moved the votes that cannot stand (<see cref="Rubric"/>):
    /// <list type="bullet">
    /// <item>water and land are disputes <i>without</i> a confrontation: with stones, a brawl, a detention, a
    ///   blocked road, stolen livestock, fire, or people killed or hurt, what the dispute is about (a canal,
    ///   a pasture, a cemetery road) is the incident's subject, and its votes go to the incident;</item>
    /// <item>incidents and security measures are "no shot fired": with firearms or heavy weapons used, their
    ///   votes go to the armed clash (a drone that strikes, positions that come under fire);</item>
    /// <item>without fire, clash vocabulary ("clash", "attacked", "даргирӣ") is an armed clash when armed
    ///   forces are named with it (troops, servicemen, border guards, in the same title or text) and no villagers'
    ///   act is; with stones, a
    ///   brawl or a blocked road it is the villagers' incident (a deadly brawl stays an incident);</item>
    /// <item>casualty words alone make it humanitarian; de-escalation is never an armed clash.</item>
    /// </list>
    /// </summary>
    public static Category ChooseCategory(DetectionTally t)
    {
        var weight = (double[])t.CategoryWeight.Clone();
        bool confrontation = t.ConfrontationWeight > 0 || t.FireSeen || t.CasualtyWeight > 0;
        if (confrontation) Move(weight, Category.WaterLand, Category.Incident, weight[(int)Category.WaterLand]);
        if (t.FireSeen)
        {
            Move(weight, Category.Incident, Category.ArmedClash, weight[(int)Category.Incident]);
            Move(weight, Category.Security, Category.ArmedClash, weight[(int)Category.Security]);
        }
        else if ((t.ForcesFields & t.ConflictFields) != 0 && t.IncidentActWeight == 0)
            Move(weight, Category.Incident, Category.ArmedClash, Math.Min(t.ConflictWeight, weight[(int)Category.Incident]));
        var category = Category.None;
        double best = 0;
        foreach (var c in Rubric.TieOrder)
            if (weight[(int)c] > best) { best = weight[(int)c]; category = c; }
        if (category == Category.None) category = t.CasualtyWeight > 0 ? Category.Humanitarian : Category.Diplomacy;
        return Rubric.CategoryOf(category, IsDeescalation(t));
    }

    private static void Move(double[] weight, Category from, Category to, double amount)
    {
        weight[(int)from] -= amount;
        weight[(int)to] += amount;
    }

    /// <summary>The highest severity of the topic terms in the title and summary; body terms count up to 3; de-escalation at most 3.</summary>
    public static int ChooseSeverity(DetectionTally t) => Rubric.SeverityOf(t.LeadSeverity, t.BodySeverity, IsDeescalation(t));

    public static bool IsDeescalation(DetectionTally t) =>
        Rubric.IsDeescalation(t.DeescalationInTitle, t.FireInTitle, t.DeescalationInLead, t.FireInLead, t.ConfrontationInTitle);
}
