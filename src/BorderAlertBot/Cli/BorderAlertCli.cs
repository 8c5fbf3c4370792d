using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using BorderAlertBot.Configuration;
using BorderAlertBot.Hosting;
using Microsoft.Extensions.Options;

namespace BorderAlertBot.Cli;

/// <summary>The entry point: parses the verb, runs it, maps every failure to a clear message and an exit code.</summary>
public static partial class BorderAlertCli
{
    public static async Task<int> RunAsync(string[] args)
    {
        using var stop = new CancellationTokenSource();
        // `run` uses the host's own lifetime for SIGTERM/Ctrl-C; every other verb stops through this token.
        bool hostLifetime = CliArguments.Parse(args, out _) is { Verb: "run", Once: false };
        int interruptedBy = 0;
        void Stop(PosixSignalContext c)
        {
            if (hostLifetime) return;
            c.Cancel = true;
            Interlocked.CompareExchange(ref interruptedBy, c.Signal == PosixSignal.SIGINT ? ExitCodes.Interrupted : ExitCodes.Terminated, 0);
            stop.Cancel();
        }
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        int code = await RunAsync(args, new CliContext(), stop.Token);
        // A verb stopped by a signal before it finished did not do its job: 130/143, never 0 (cron and
        // scripts must not take a cut-short `run --once` or `feeds check` for a success).
        return interruptedBy != 0 ? interruptedBy : code;
    }

    public static async Task<int> RunAsync(string[] args, CliContext context, CancellationToken cancellationToken)
    {
        var parsed = CliArguments.Parse(args, out string? error);
        if (parsed is null)
        {
            await context.Error.WriteLineAsync($"error: {error}");
            await context.Error.WriteLineAsync(CliArguments.Usage);
            return ExitCodes.Usage;
        }
        try
        {
            return parsed.Verb switch
            {
                "help" => await HelpAsync(context),
                "run" => await RunVerb.ExecuteAsync(parsed, context, cancellationToken),
                "demo" => await DemoVerb.ExecuteAsync(context, cancellationToken, parsed.PicturesDir),
                "classify" => await ClassifyVerb.ExecuteAsync(context, cancellationToken),
                "health" => await HealthVerb.ExecuteAsync(context, cancellationToken),
                "command" => await CommandVerb.ExecuteAsync(parsed, context, cancellationToken),
                "feeds" => await FeedsVerbs.ExecuteAsync(parsed, context, cancellationToken),
                _ => ExitCodes.Usage,
            };
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return ExitCodes.Ok; // a graceful stop
        }
        catch (Exception ex) when (Classify(ex) is { } failure)
        {
            await context.Error.WriteLineAsync(failure.Message);
            return failure.Code;
        }
    }

    private static async Task<int> HelpAsync(CliContext context)
    {
        await context.Out.WriteLineAsync(CliArguments.Usage);
        return ExitCodes.Ok;
    }

    /// <summary>Configuration and storage problems become one clear line; anything else is a bug and one line too (never a stack trace).</summary>
    private static (string Message, int Code)? Classify(Exception ex)
    {
        for (var e = ex; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case ConfigurationException c: return (ConfigurationError(c.Message), ExitCodes.Configuration);
                case OptionsValidationException o: return (ConfigurationError(string.Join("; ", o.Failures)), ExitCodes.Configuration);
                case InvalidOperationException i when BinderFailure().Match(i.Message) is { Success: true } m:
                    // A value the early check could not foresee (read while the host is built): still the key, in plain words.
                    return (ConfigurationError($"{m.Groups["key"].Value}: not {ConfigurationCheck.Describe(Type.GetType(m.Groups["type"].Value) ?? typeof(object))}"), ExitCodes.Configuration);
                case InvalidOperationException i when i.Message.Contains("configuration", StringComparison.OrdinalIgnoreCase):
                    return (ConfigurationError(i.Message), ExitCodes.Configuration);
                case StorageException s: return ($"storage error: {s.Message}", ExitCodes.Storage);
                case System.Data.Common.DbException s: return ($"storage error: {s.Message}", ExitCodes.Storage);
            }
        }
        return ($"error: {ex.GetType().Name}: {ex.Message}", ExitCodes.Failed);
    }

    /// <summary>One line, every key in the environment form the README documents.</summary>
    private static string ConfigurationError(string message) =>
        "configuration error: " + ConfigKeys.InEnvForm(message).ReplaceLineEndings("; ");

    [GeneratedRegex(@"configuration value (?:'.*' )?at '(?<key>[^']+)' to type '(?<type>[^']+)'")]
    private static partial Regex BinderFailure();
}
