namespace BorderAlertBot.Core.Feeds;

/// <summary>One feed from config/feeds.json.</summary>
/// <param name="Region">For a regional outlet (in Batken or Sughd…): the gazetteer id of its region. Its items'
/// unqualified "on the border" is then read as the Kyrgyz–Tajik border (<see cref="Detection.DetectionInput.Region"/>).</param>
public sealed record FeedDefinition(string Id, string Name, Uri Url, string Language, TimeSpan Interval, string? Region = null);
