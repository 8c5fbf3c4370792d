using BorderAlertBot.Core.Commands;
using BorderAlertBot.Core.Delivery;
using BorderAlertBot.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BorderAlertBot.Cli;

/// <summary>
/// `command "/search Vorukh"`: a chat command run as a local admin against the same store; the reply as
/// text. A picture reply (/trend, /map) is written to a file in `--out DIR` (default: the current
/// directory) under its own name, and the file's full path printed on a line of its own after the caption.
/// Exit 1 for an error reply.
/// </summary>
public static class CommandVerb
{
    public static async Task<int> ExecuteAsync(CliArguments args, CliContext context, CancellationToken cancellationToken)
    {
        var builder = AppHost.CreateBuilder(context, LogLevel.Warning);
        using var host = builder.Build();
        AppHost.ValidateOptions(host.Services);
        await AppHost.OpenStoreAsync(host.Services, cancellationToken);

        string text = args.Operands[0].Trim();
        if (!text.StartsWith('/')) text = "/" + text;
        var parsed = CommandText.Parse(text);
        if (parsed is null)
        {
            await context.Error.WriteLineAsync($"command: '{args.Operands[0]}' is not a command (try \"/help\")");
            return ExitCodes.Usage;
        }
        // The operator at the terminal: settings and subscriptions made here apply to the console.
        var caller = new CommandCaller("cli", "local", "console", IsPrivateChat: true, IsAdmin: true, "operator", IsOperator: true)
        {
            ChatDestination = Destination.Console,
            PrivateDestination = Destination.Console,
        };
        var reply = await host.Services.GetRequiredService<ICommandService>()
            .ExecuteAsync(new ChatCommand(parsed.Value.Name, parsed.Value.Arguments, caller), cancellationToken);
        await context.Out.WriteLineAsync(reply.ToPlainText());
        foreach (var attachment in reply.Attachments)
        {
            string dir = Path.GetFullPath(args.PicturesDir ?? Directory.GetCurrentDirectory());
            Directory.CreateDirectory(dir);
            string path = Path.Combine(dir, attachment.FileName);
            await File.WriteAllBytesAsync(path, attachment.Content, cancellationToken);
            await context.Out.WriteLineAsync(path);
        }
        return reply.IsError ? ExitCodes.Failed : ExitCodes.Ok;
    }
}
