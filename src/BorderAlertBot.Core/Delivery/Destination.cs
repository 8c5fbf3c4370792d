namespace BorderAlertBot.Core.Delivery;

/// <summary>Whether a destination is a shared chat (a group, a channel) or one person's private chat.</summary>
public enum DestinationKind { Chat, Person }

/// <summary>
/// Where a delivery goes: a platform (an adapter's name), the platform's own id of the place (a chat,
/// a channel, a user; empty for the console) and whether that place is one person's. Core never looks
/// inside <see cref="Target"/>: what an id looks like is the adapter's business.
/// <para>
/// Stored and configured as one key, parsed here and nowhere else: "PLATFORM" (no target: the console),
/// "PLATFORM:TARGET" (a chat) and "PLATFORM-user:TARGET" (a person's private chat). The key form is
/// what the database holds, so it never changes.
/// </para>
/// </summary>
public readonly partial record struct Destination
{
    private const string PersonSuffix = "-user";

    public static readonly Destination Console = new("console", "", DestinationKind.Chat);

    public Destination(string platform, string target, DestinationKind kind)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(platform);
        Platform = platform;
        Target = target ?? "";
        Kind = kind;
    }

    /// <summary>Parses a stored or configured key (see the type's remarks).</summary>
    public Destination(string key)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        int colon = key.IndexOf(':', StringComparison.Ordinal);
        string prefix = colon < 0 ? key : key[..colon];
        Target = colon < 0 ? "" : key[(colon + 1)..];
        bool person = prefix.EndsWith(PersonSuffix, StringComparison.Ordinal) && prefix.Length > PersonSuffix.Length;
        Platform = person ? prefix[..^PersonSuffix.Length] : prefix;
        Kind = person ? DestinationKind.Person : DestinationKind.Chat;
    }

    public static Destination ChatOf(string platform, string chatId) => new(platform, chatId, DestinationKind.Chat);

    public static Destination PersonOf(string platform, string userId) => new(platform, userId, DestinationKind.Person);

    /// <summary>The adapter that serves it ("console", or a chat platform's name).</summary>
    public string Platform { get; }

    /// <summary>The platform's own id of the place ("-100123/45", "42"); empty for the console.</summary>
    public string Target { get; }

    public DestinationKind Kind { get; }

    public bool IsUser => Kind == DestinationKind.Person;

    /// <summary>The one-string form kept in the store and in configuration.</summary>
    public string Key => (IsUser ? Platform + PersonSuffix : Platform) + (Target.Length > 0 || IsUser ? ":" + Target : "");

    /// <summary>A well-formed key: a platform name of lower-case letters, digits and dashes, then ":" and an id when there is one.</summary>
    public static bool IsWellFormedKey(string? key) =>
        key is { Length: > 0 } && KeyPattern().IsMatch(key);

    [System.Text.RegularExpressions.GeneratedRegex(@"^[a-z][a-z0-9-]*(:\S+)?$")]
    private static partial System.Text.RegularExpressions.Regex KeyPattern();

    public override string ToString() => Key;
}
