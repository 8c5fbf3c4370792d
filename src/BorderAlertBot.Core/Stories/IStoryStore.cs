namespace BorderAlertBot.Core.Stories;

/// <summary>Stories as the tracker and /story read them; they are written with their items by the pipeline's commit.</summary>
public interface IStoryStore
{
    /// <summary>Recent stories for the tracker to join items to.</summary>
    Task<IReadOnlyList<StoryState>> GetRecentStoriesAsync(DateTimeOffset since, CancellationToken cancellationToken);
    /// <summary>One story as it stands (every report joined to it, its status and related stories), or null.</summary>
    Task<StoryState?> GetStoryAsync(string id, CancellationToken cancellationToken);
}
