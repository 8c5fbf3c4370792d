using BorderAlertBot.Core.Detection;

namespace BorderAlertBot.Core.Stories;

/// <summary>
/// How long a story of one kind stays open to a report of another: hours for a clash or incident, days
/// for talks, blockades, crossings and water or land disputes. A clash after talks is a new event; a
/// ceasefire shortly after a clash is its change of status, a day later its own story; a checkpoint, water or
/// security report after a clash is its own story too (related), while a dispute that turns violent is one.
/// </summary>
public static class EventWindows
{
    public static TimeSpan Window(Category story, Category report, bool followUp, StoryOptions options)
    {
        if (story == Category.Diplomacy && IsHostile(report)) return TimeSpan.Zero;
        if (IsHostile(story))
        {
            if (report == Category.Diplomacy) return options.StatusWindow;
            if (IsHostile(report) || report == Category.Humanitarian || followUp) return followUp ? Max(options.FollowUpWindow, options.ClashWindow) : options.ClashWindow;
            return TimeSpan.Zero; // a checkpoint, water or security report after a clash is its own (related) story
        }
        // A water, crossing or security dispute that turns violent the same day is one event.
        if (IsHostile(report)) return options.ClashWindow;
        return options.JoinWindow;
    }

    /// <summary>Armed clashes and incidents: events counted in hours.</summary>
    public static bool IsHostile(Category c) => c is Category.ArmedClash or Category.Incident;

    public static Category Parse(string? wire) => Categories.TryParse(wire, out var c) ? c : Category.None;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
