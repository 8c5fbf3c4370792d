namespace BorderAlertBot.Core.Stories;

/// <summary>Stories as the tracker needs them; they are written with their items by the pipeline's commit.</summary>
public interface IStoryStore
{
    /// <summary>Recent stories for the tracker to join items to.</summary>
    Task<IReadOnlyList<StoryState>> GetRecentStoriesAsync(DateTimeOffset since, CancellationToken cancellationToken);
}
