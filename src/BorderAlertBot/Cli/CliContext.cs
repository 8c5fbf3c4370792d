namespace BorderAlertBot.Cli;

/// <summary>
/// What a verb runs with: configuration overrides (highest precedence, after environment variables),
/// standard streams and standard input. Tests pass their own; Program passes the process's.
/// </summary>
public sealed record CliContext
{
    public IReadOnlyDictionary<string, string?> Overrides { get; init; } = new Dictionary<string, string?>();
    public TextWriter Out { get; init; } = Console.Out;
    public TextWriter Error { get; init; } = Console.Error;
    public TextReader In { get; init; } = Console.In;
    /// <summary>Extra service registrations (tests replace the clock or the DNS resolver).</summary>
    public Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? ConfigureServices { get; init; }
}
