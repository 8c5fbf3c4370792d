using System.Text.Json;
using System.Text.Json.Nodes;
using BorderAlertBot.Core.Commands;
using BorderAlertBot.Core.Reports;
using BorderAlertBot.Discord.Messages;
using BorderAlertBot.Discord.Rest;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BorderAlertBot.Discord.Interactions;

/// <summary>
/// Answers slash commands within Discord's 3-second window: when the command service answers within
/// <see cref="DiscordTuning.FastReplyWindow"/> the reply goes out as the callback (type 4); otherwise the
/// interaction is deferred (type 5, ephemeral for personal commands) and the reply replaces the
/// "thinking…" message through the interaction webhook. A picture reply (/trend, /map) goes either way
/// as multipart/form-data with its PNG as files[0], shown in an embed by attachment:// URL. Admin-only commands are checked again here.
/// Limits are counted the moment an interaction arrives (<see cref="FloodGuard"/>: per user, and per
/// channel in a server): the first command over a limit is answered "please wait" (ephemeral), the
/// rest get no answer at all, so a flood costs no requests. Each interaction runs on its own (the
/// gateway hands them over without waiting), so one user's flood never holds up anyone else's answer.
/// </summary>
public sealed partial class InteractionHandler(IServiceProvider services, DiscordRestClient rest, DiscordTuning tuning, TimeProvider time, ILogger<InteractionHandler> logger)
{
    private const int ApplicationCommand = 2;
    private const int ChannelMessageWithSource = 4, DeferredChannelMessageWithSource = 5;

    public async Task HandleAsync(JsonElement interaction, CancellationToken cancellationToken)
    {
        if (!interaction.TryGetProperty("type", out var type) || type.GetInt32() != ApplicationCommand) return;
        string id = interaction.GetProperty("id").GetString() ?? "";
        string token = interaction.GetProperty("token").GetString() ?? "";
        string appId = interaction.TryGetProperty("application_id", out var a) ? a.GetString() ?? "" : "";

        var commandService = services.GetService<ICommandService>();
        var known = commandService?.Commands ?? [];
        var command = InteractionCommand.Parse(interaction, known);
        if (command is null) return;
        var info = known.FirstOrDefault(c => c.Name == command.Name);
        bool personal = info?.Personal ?? false;
        var verdict = services.GetService<FloodGuard>()?.Check(command.Caller.Speaker, command.Caller.IsPrivateChat ? null : command.Caller.ChatId) ?? FloodVerdict.Admit;
        if (verdict == FloodVerdict.Drop) return;
        if (verdict == FloodVerdict.Warn)
        {
            var wait = CommandReply.Error(FloodGuard.PleaseWait);
            await CallbackAsync(id, token, new JsonObject { ["type"] = ChannelMessageWithSource, ["data"] = ReplyMessage.Build(wait, ephemeral: true) }, cancellationToken);
            return;
        }
        LogCommand(logger, command.Name, command.Caller.UserId, command.Caller.ChatId);

        Task<CommandReply> work;
        if (commandService is null) work = Task.FromResult(CommandReply.Error("Commands are not available right now."));
        else if (info is { AdminOnly: true } && !command.Caller.IsAdmin) work = Task.FromResult(CommandReply.Error("This command needs the Manage Server permission."));
        // On its own thread: a command that works synchronously (drawing a chart, a store read that
        // completes at once) would otherwise run before the 3-second clock starts and could miss it.
        else work = Task.Run(() => ExecuteAsync(commandService, command, cancellationToken), cancellationToken);

        using var window = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        await Task.WhenAny(work, Task.Delay(tuning.FastReplyWindow, time, window.Token));
        window.Cancel();
        if (work.IsCompleted)
        {
            var reply = await work;
            await CallbackAsync(id, token, new JsonObject { ["type"] = ChannelMessageWithSource, ["data"] = ReplyMessage.Build(reply, reply.Ephemeral || personal) }, cancellationToken, reply.Attachments);
            return;
        }

        var deferred = new JsonObject { ["type"] = DeferredChannelMessageWithSource };
        if (personal) deferred["data"] = new JsonObject { ["flags"] = ReplyMessage.EphemeralFlag };
        await CallbackAsync(id, token, deferred, cancellationToken);
        var late = await work;
        var edit = ReplyMessage.Build(late, ephemeral: false); // ephemerality was fixed by the deferral
        edit.Remove("flags");
        string path = $"webhooks/{appId}/{token}/messages/@original";
        var response = late.Attachments.Count > 0
            ? await rest.SendWithFilesAsync(HttpMethod.Patch, path, RestRoute.EditOriginal(appId), edit, late.Attachments, cancellationToken)
            : await rest.SendAsync(HttpMethod.Patch, path, RestRoute.EditOriginal(appId), edit, cancellationToken);
        if (!response.IsSuccess) LogReplyFailed(logger, command.Name, response.Describe());
    }

    private async Task<CommandReply> ExecuteAsync(ICommandService commandService, ChatCommand command, CancellationToken cancellationToken)
    {
        try
        {
            return await commandService.ExecuteAsync(command, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogCommandFailed(logger, command.Name, ex);
            return CommandReply.Error("Something went wrong with that command; it has been logged.");
        }
    }

    /// <summary>The interaction response; with files it goes as multipart (payload_json + files[n]), as Discord takes uploads on the callback too.</summary>
    private async Task CallbackAsync(string id, string token, JsonObject body, CancellationToken cancellationToken, IReadOnlyList<Attachment>? files = null)
    {
        string path = $"interactions/{id}/{token}/callback";
        var response = files is { Count: > 0 }
            ? await rest.SendWithFilesAsync(HttpMethod.Post, path, RestRoute.InteractionCallback(id), body, files, cancellationToken)
            : await rest.SendAsync(HttpMethod.Post, path, RestRoute.InteractionCallback(id), body, cancellationToken);
        if (!response.IsSuccess) LogReplyFailed(logger, "callback", response.Describe());
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Discord command /{Command} from user {UserId} in {ChatId}")]
    private static partial void LogCommand(ILogger logger, string command, string userId, string chatId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Discord command /{Command} failed")]
    private static partial void LogCommandFailed(ILogger logger, string command, Exception ex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Discord reply for {What} was not accepted: {Reason}")]
    private static partial void LogReplyFailed(ILogger logger, string what, string reason);
}
