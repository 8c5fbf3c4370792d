namespace BorderAlertBot.Cli;

/// <summary>
/// The parsed command line. Hand-written rather than System.CommandLine because the contract is tiny
/// and exact (verbs, two options, exit code 2 with usage for anything else) and must not change with
/// a library's parsing conventions.
/// </summary>
/// <param name="PicturesDir">Where pictures go: `demo --pictures DIR`, `command --out DIR`.</param>
public sealed record CliArguments(string Verb, string? SubVerb, IReadOnlyList<string> Operands, bool Once, string? FeedsFile, string? PicturesDir = null)
{
    public const string Usage = """
        Usage: BorderAlertBot [verb] [options]

        Verbs:
          run [--once] [--feeds FILE]   poll feeds on schedule until stopped (default verb);
                                        --once polls every feed once, delivers, and exits
          demo [--pictures DIR]         offline run over config/samples/, alerts printed to the console;
                                        --pictures also draws the map, the trend and the status page into DIR
          classify                      read JSON lines ({"id","title","summary",...}) on stdin,
                                        write one verdict per line on stdout
          command [--out DIR] "TEXT"    run a chat command (e.g. "/search Vorukh") as a local admin;
                                        a picture reply (/trend, /map) is written into DIR (default:
                                        the current directory) and its path printed
          feeds check URL               fetch and parse one feed, print its items and verdicts
          feeds list                    every feed with its health
          feeds enable ID               re-activate a feed the bot gave up on
          feeds import FILE.opml        vet every feed of an OPML file and add the good ones
          feeds export                  the active feeds as OPML on stdout
          health                        exit 0 when a poll pass completed recently (container health check)
          help                          this text

        --help or -h after any verb prints this text.
        Exit codes: 0 ok; 1 failed; 2 usage; 3 configuration error; 4 storage error.
        Configuration: config/appsettings.json, config/feeds.json, environment BorderAlert__Section__Key.
        """;

    public static CliArguments? Parse(IReadOnlyList<string> args, out string? error)
    {
        error = null;
        var list = args.ToList();
        string verb = list.Count == 0 || list[0].StartsWith("--", StringComparison.Ordinal) ? "run" : list[0];
        if (list.Count > 0 && !list[0].StartsWith("--", StringComparison.Ordinal)) list.RemoveAt(0);

        // --help / -h works for every verb (before a command's text: after it, it is part of the text).
        int help = list.FindIndex(a => a is "--help" or "-h");
        if (help >= 0 && !(verb == "command" && help > 0)) return new CliArguments("help", verb, [], false, null);

        bool once = false;
        string? feeds = null, pictures = null;
        var operands = new List<string>();
        for (int i = 0; i < list.Count; i++)
        {
            string a = list[i];
            if (a == "--once" && verb == "run") once = true;
            else if (a == "--feeds" && verb == "run")
            {
                if (i + 1 >= list.Count) { error = "--feeds needs a file path"; return null; }
                feeds = list[++i];
            }
            else if (a.StartsWith("--feeds=", StringComparison.Ordinal) && verb == "run") feeds = a["--feeds=".Length..];
            else if (a == "--pictures" && verb == "demo")
            {
                if (i + 1 >= list.Count) { error = "--pictures needs a directory"; return null; }
                pictures = list[++i];
            }
            else if (a == "--out" && verb == "command" && operands.Count == 0)
            {
                if (i + 1 >= list.Count) { error = "--out needs a directory"; return null; }
                pictures = list[++i];
            }
            else if (a.StartsWith('-') && a.Length > 1 && !(verb == "command" && operands.Count > 0)) { error = $"unknown option '{a}' for '{verb}'"; return null; }
            else operands.Add(a);
        }

        switch (verb)
        {
            case "run" or "demo" or "classify" or "health" or "help" or "--help" or "-h":
                if (operands.Count > 0) { error = $"'{verb}' takes no arguments (got '{operands[0]}')"; return null; }
                return new CliArguments(verb is "--help" or "-h" ? "help" : verb, null, operands, once, feeds, pictures);
            case "command":
                if (operands.Count == 0) { error = "command needs the command text, e.g. command \"/latest 5\""; return null; }
                return new CliArguments(verb, null, [string.Join(' ', operands)], false, null, pictures);
            case "feeds":
                if (operands.Count == 0) { error = "feeds needs a sub-verb: check URL, list, enable ID, import FILE, export"; return null; }
                string sub = operands[0];
                var rest = operands.Skip(1).ToList();
                if (sub is "list" or "export" && rest.Count == 0) return new CliArguments(verb, sub, rest, false, null);
                if (sub is "check" or "enable" or "import" && rest.Count == 1) return new CliArguments(verb, sub, rest, false, null);
                error = sub switch
                {
                    "check" => "feeds check needs exactly one URL",
                    "enable" => "feeds enable needs exactly one feed id",
                    "import" => "feeds import needs exactly one OPML file",
                    "list" or "export" => $"feeds {sub} takes no arguments",
                    _ => $"unknown feeds sub-verb '{sub}'",
                };
                return null;
            default:
                error = $"unknown verb '{verb}'";
                return null;
        }
    }
}
