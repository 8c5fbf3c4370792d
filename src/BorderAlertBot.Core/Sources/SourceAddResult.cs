using BorderAlertBot.Core.Items;

namespace BorderAlertBot.Core.Sources;

public enum SourceAddOutcome { Added, Duplicate, Refused }

/// <summary>What became of a source someone asked to add: added (with its preview), already there (its id), or refused (why).</summary>
public sealed record SourceAddResult(SourceAddOutcome Outcome, FeedDefinition? Feed, string? ExistingId, string? Reason, SourceVetting? Vetting)
{
    public static SourceAddResult Added(FeedDefinition feed, SourceVetting vetting) => new(SourceAddOutcome.Added, feed, null, null, vetting);
    public static SourceAddResult Duplicate(string existingId) => new(SourceAddOutcome.Duplicate, null, existingId, null, null);
    public static SourceAddResult Refused(string reason, SourceVetting? vetting = null) => new(SourceAddOutcome.Refused, null, null, reason, vetting);
}
