using System.ComponentModel.DataAnnotations;

namespace BorderAlertBot.Configuration;

/// <summary>BorderAlert — where the data files are.</summary>
public sealed class BorderAlertOptions
{
    public const string Section = "BorderAlert";

    /// <summary>The feeds file; relative paths are taken from the config directory.</summary>
    [Required]
    public string FeedsFile { get; set; } = "feeds.json";

    [Required]
    public string GazetteerFile { get; set; } = "gazetteer.json";

    [Required]
    public string LexiconFile { get; set; } = "lexicon.json";

    /// <summary>Where appsettings, feeds, gazetteer and lexicon are; read before the host is built (<see cref="Hosting.ConfigLocator"/>).</summary>
    public string? ConfigDir { get; set; }
}

/// <summary>BorderAlert:Storage.</summary>
public sealed class StorageOptions
{
    public const string Section = "BorderAlert:Storage";

    /// <summary>sqlite (default: one file, one host) or postgres (several instances sharing one database).</summary>
    [RegularExpression("^(sqlite|postgres)$", ErrorMessage = "must be 'sqlite' or 'postgres'")]
    public string Provider { get; set; } = "sqlite";

    /// <summary>SQLite: "Data Source=PATH" (relative to the working directory); PostgreSQL: "Host=…;Username=…;Password=…;Database=…".</summary>
    [Required]
    public string ConnectionString { get; set; } = "Data Source=data/borderalert.db";
}

/// <summary>BorderAlert:Console — the sink used when no chat token is configured.</summary>
public sealed class ConsoleOptions
{
    public const string Section = "BorderAlert:Console";

    /// <summary>text: a readable block per alert; jsonl: one JSON object per line.</summary>
    [RegularExpression("^(text|jsonl)$", ErrorMessage = "must be 'text' or 'jsonl'")]
    public string Format { get; set; } = "text";
}
