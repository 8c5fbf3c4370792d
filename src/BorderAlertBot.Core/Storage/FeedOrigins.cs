namespace BorderAlertBot.Core.Storage;

/// <summary>The origins a feed can have; a feeds file is <c>file:</c> followed by its full path.</summary>
public static class FeedOrigins
{
    public const string Chat = "chat";
    public const string Import = "import";
    public const string FilePrefix = "file:";

    public static string File(string fullPath) => FilePrefix + fullPath;

    /// <summary>The reason a feed left the set because its file no longer lists it (also what older versions wrote).</summary>
    public const string RemovedFromFile = "no longer in the feeds file";
}
