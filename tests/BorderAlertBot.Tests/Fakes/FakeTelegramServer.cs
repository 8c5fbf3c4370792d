using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BorderAlertBot.Tests.Fakes;

/// <summary>
/// A Bot API server on 127.0.0.1:0 (Kestrel) speaking the wire format of api.telegram.org: POST
/// /bot{token}/{method} with a JSON body, answers {"ok": true, "result": …} or {"ok": false,
/// "error_code", "description", "parameters"}. Implements getMe, getUpdates (long polling with timeout;
/// an offset confirms and drops every update with a smaller id), sendMessage (returns a Message),
/// sendPhoto (a multipart/form-data upload, possibly with a chunked body: the photo as a file part named by
/// "photo" itself or by photo=attach://&lt;part&gt;, the caption of
/// at most 1024 characters after entity parsing; answered like sendMessage, under the same limits),
/// setMyCommands, getChatMember, deleteWebhook. Failures are programmable per method; every request is
/// recorded with its body. As the real one: chat_member updates are delivered only to a bot that named
/// them in allowed_updates (which, once given, holds for later calls without it); messages sent on
/// behalf of a chat carry sender_chat and a placeholder "from" (@GroupAnonymousBot, @Channel_Bot); and,
/// when asked (<see cref="EnforceSendLimits"/>), sendMessage keeps Telegram's limits, 1 message a
/// second per chat and 20 a minute per group, answering 429 with retry_after. Two getUpdates at once for
/// one token are refused as Telegram does: the one already waiting ends with 409 Conflict
/// ("terminated by other getUpdates request"), so two bot instances polling one token are visible.
/// </summary>
public sealed class FakeTelegramServer : IAsyncDisposable
{

    public const string Token = "123456789:TEST-token_abcdefghijklmnop";
    public const long BotId = 123456789;
    public const string BotUserName = "BorderAlertTestBot";

    private LoopbackServer _http = null!;
    private readonly Lock _lock = new();
    private readonly List<JsonObject> _updates = [];
    private readonly ConcurrentDictionary<string, ConcurrentQueue<Failure>> _failures = new(StringComparer.Ordinal);
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _nextUpdateId = 1000;
    private int _nextMessageId = 1;
    private HashSet<string>? _allowedUpdates;
    private TimeProvider? _limitClock;
    private readonly Dictionary<string, List<DateTimeOffset>> _sentAt = new(StringComparer.Ordinal);

    private FakeTelegramServer() { }

    public Uri BaseUrl { get; private set; } = null!;
    public string ApiBaseUrl => BaseUrl.AbsoluteUri.TrimEnd('/');

    /// <summary>Every request in arrival order: method and JSON body.</summary>
    public ConcurrentQueue<Request> Requests { get; } = new();

    /// <summary>getChatMember answers: (chat, user) → status; default "member".</summary>
    public ConcurrentDictionary<(long Chat, long User), string> MemberStatus { get; } = new();

    /// <summary>A sendMessage answer chosen per request (for chats that always fail); null = normal.</summary>
    public Func<JsonObject, Failure?>? SendMessageRule { get; set; }

    /// <summary>Awaited after a sendMessage was accepted (the message exists) and before the answer goes out: a test holds the answer here.</summary>
    public Func<Request, Task>? AfterSendAccepted { get; set; }

    public sealed record Request(string Method, JsonObject Body, string Path)
    {
        /// <summary>Files of a multipart/form-data request by field name ("photo"); text fields are in <see cref="Body"/>.</summary>
        public IReadOnlyDictionary<string, UploadedFile> Files { get; init; } = new Dictionary<string, UploadedFile>();

        /// <summary>The request's Content-Type as sent (multipart/form-data; boundary=… for uploads).</summary>
        public string? ContentType { get; init; }

        public string? Caption => Body["caption"]?.GetValue<string>();

        /// <summary>The file a parameter uploads: its own file part, or the part named by "attach://&lt;name&gt;" (as Telegram.Bot sends it).</summary>
        public UploadedFile? Upload(string parameter) =>
            Files.TryGetValue(parameter, out var own) ? own
            : Body[parameter]?.GetValue<string>() is { } value && value.StartsWith("attach://", StringComparison.Ordinal) ? Files.GetValueOrDefault(value["attach://".Length..])
            : null;

        /// <summary>sendMessage: the message_id it was answered with (null: it failed).</summary>
        public int? AnsweredMessageId { get; set; }

        public string? ChatId => Body["chat_id"]?.ToString();
        public string? Text => Body["text"]?.GetValue<string>();
    }

    /// <summary>A programmed answer: an error (status, description, parameters) and/or a delay first.</summary>
    public sealed record Failure(int Status, string Description, JsonObject? Parameters = null, TimeSpan Delay = default)
    {
        public static Failure TooManyRequests(int retryAfter) => new(429, $"Too Many Requests: retry after {retryAfter}", new JsonObject { ["retry_after"] = retryAfter });
        public static Failure Blocked() => new(403, "Forbidden: bot was blocked by the user");
        public static Failure Kicked() => new(403, "Forbidden: bot was kicked from the group chat");
        public static Failure ChatNotFound() => new(400, "Bad Request: chat not found");
        public static Failure Migrated(long newChatId) => new(400, "Bad Request: group chat was upgraded to a supergroup chat", new JsonObject { ["migrate_to_chat_id"] = newChatId });
        public static Failure ServerError() => new(500, "Internal Server Error");
        public static Failure BadRequest(string description) => new(400, "Bad Request: " + description);
        /// <summary>No error, only a slow answer.</summary>
        public static Failure Slow(TimeSpan delay) => new(200, "", null, delay);
    }

    public static async Task<FakeTelegramServer> StartAsync()
    {
        var server = new FakeTelegramServer();
        server._http = await LoopbackServer.StartAsync(app =>
        {
            app.Run(server.HandleAsync);
        });
        server.BaseUrl = server._http.BaseUrl;
        return server;
    }

    /// <summary>The next <paramref name="count"/> calls of <paramref name="method"/> answer with <paramref name="failure"/>.</summary>
    public void FailNext(string method, Failure failure, int count = 1)
    {
        var queue = _failures.GetOrAdd(method, _ => new ConcurrentQueue<Failure>());
        for (int i = 0; i < count; i++) queue.Enqueue(failure);
    }

    public IReadOnlyList<Request> Calls(string method) => Requests.Where(r => r.Method == method).ToList();

    /// <summary>sendMessage calls that succeeded: what chats actually received.</summary>
    public IReadOnlyList<Request> SentMessages => Calls("sendMessage").Where(r => r.AnsweredMessageId is not null).ToList();

    /// <summary>The placeholder sender of anonymous group admins' messages, as Telegram sends it.</summary>
    public const long GroupAnonymousBotId = 1087968824;

    /// <summary>The placeholder sender of messages sent on behalf of a channel.</summary>
    public const long ChannelBotId = 136817688;

    /// <summary>sendMessage answers 429 (with retry_after) to a chat sent to less than a second ago, or to a group sent 20 messages in the last minute, by <paramref name="clock"/>.</summary>
    public void EnforceSendLimits(TimeProvider clock)
    {
        lock (_lock) _limitClock = clock;
    }

    /// <summary>sendMessage calls answered 429 by the enforced limits.</summary>
    public int RateLimitedSends => Volatile.Read(ref _rateLimited);

    /// <summary>getUpdates calls ended with 409 because another one arrived while they waited.</summary>
    public int GetUpdatesConflicts => Volatile.Read(ref _conflicts);

    private int _conflicts;
    private TaskCompletionSource? _waitingPoll;

    private int _rateLimited;

    /// <summary>Queues a text message update from a user; returns its update_id.</summary>
    public int AddMessage(long chatId, string chatType, long fromId, string text, int? threadId = null, string? fromUserName = "user") =>
        AddMessage(chatId, chatType, new JsonObject { ["id"] = fromId, ["is_bot"] = false, ["first_name"] = "User" + fromId, ["username"] = fromUserName }, null, text, threadId);

    /// <summary>A message by an anonymous admin of a group: sender_chat is the group itself, from is @GroupAnonymousBot.</summary>
    public int AddAnonymousAdminMessage(long groupId, string text) =>
        AddMessage(groupId, "supergroup", new JsonObject { ["id"] = GroupAnonymousBotId, ["is_bot"] = true, ["first_name"] = "Group", ["username"] = "GroupAnonymousBot" },
            Chat(groupId, "supergroup"), text);

    /// <summary>A message a member posts in a group as their channel: sender_chat is the channel, from is @Channel_Bot.</summary>
    public int AddMessageAsChannel(long groupId, long channelId, string text) =>
        AddMessage(groupId, "supergroup", new JsonObject { ["id"] = ChannelBotId, ["is_bot"] = true, ["first_name"] = "Channel", ["username"] = "Channel_Bot" },
            Chat(channelId, "channel"), text);

    /// <summary>A chat_member update: the member's status went from <paramref name="oldStatus"/> to <paramref name="newStatus"/> (delivered only if asked for in allowed_updates).</summary>
    public int AddChatMemberUpdate(long chatId, long userId, string oldStatus, string newStatus, long byUserId = 1)
    {
        lock (_lock)
        {
            int id = _nextUpdateId++;
            _updates.Add(new JsonObject
            {
                ["update_id"] = id,
                ["chat_member"] = new JsonObject
                {
                    ["chat"] = Chat(chatId, "supergroup"),
                    ["from"] = new JsonObject { ["id"] = byUserId, ["is_bot"] = false, ["first_name"] = "User" + byUserId },
                    ["date"] = 1741867200,
                    ["old_chat_member"] = MemberObject(userId, oldStatus),
                    ["new_chat_member"] = MemberObject(userId, newStatus),
                },
            });
            Pulse();
            return id;
        }
    }

    private int AddMessage(long chatId, string chatType, JsonObject from, JsonObject? senderChat, string text, int? threadId = null)
    {
        lock (_lock)
        {
            int id = _nextUpdateId++;
            var message = new JsonObject
            {
                ["message_id"] = 5000 + id,
                ["date"] = 1741867200,
                ["chat"] = Chat(chatId, chatType),
                ["from"] = from,
                ["text"] = text,
            };
            if (senderChat is not null) message["sender_chat"] = senderChat;
            if (text.StartsWith('/'))
                message["entities"] = new JsonArray(new JsonObject { ["type"] = "bot_command", ["offset"] = 0, ["length"] = text.Split(' ')[0].Length });
            if (threadId is int t)
            {
                message["message_thread_id"] = t;
                message["is_topic_message"] = true;
            }
            _updates.Add(new JsonObject { ["update_id"] = id, ["message"] = message });
            Pulse();
            return id;
        }
    }

    /// <summary>Queues a channel post (no "from"; the channel is the sender).</summary>
    public int AddChannelPost(long chatId, string text)
    {
        lock (_lock)
        {
            int id = _nextUpdateId++;
            _updates.Add(new JsonObject
            {
                ["update_id"] = id,
                ["channel_post"] = new JsonObject
                {
                    ["message_id"] = 5000 + id, ["date"] = 1741867200, ["chat"] = Chat(chatId, "channel"),
                    ["sender_chat"] = Chat(chatId, "channel"), ["text"] = text,
                },
            });
            Pulse();
            return id;
        }
    }

    /// <summary>Updates not yet confirmed by an offset.</summary>
    public int PendingUpdates { get { lock (_lock) return _updates.Count; } }

    /// <summary>Waits until <paramref name="condition"/> holds, re-checking after every request (timeout only as a safety net).</summary>
    public async Task WaitUntilAsync(Func<FakeTelegramServer, bool> condition, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            Task changed;
            lock (_lock) changed = _changed.Task;
            if (condition(this)) return;
            try { await changed.WaitAsync(cts.Token); }
            catch (OperationCanceledException) { throw new TimeoutException("the fake Telegram server never reached the expected state"); }
        }
    }

    private static JsonObject Chat(long chatId, string type) => type == "private"
        ? new JsonObject { ["id"] = chatId, ["type"] = type, ["first_name"] = "User" + chatId }
        : new JsonObject { ["id"] = chatId, ["type"] = type, ["title"] = "Chat " + chatId };

    private void Pulse()
    {
        lock (_lock)
        {
            var old = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            old.TrySetResult();
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        string path = context.Request.Path.Value ?? "";
        string prefix = "/bot" + Token + "/";
        if (!path.StartsWith(prefix, StringComparison.Ordinal))
        {
            await WriteAsync(context, 401, new JsonObject { ["ok"] = false, ["error_code"] = 401, ["description"] = "Unauthorized" });
            return;
        }
        string method = path[prefix.Length..];
        JsonObject body = new();
        var files = new Dictionary<string, UploadedFile>(StringComparer.Ordinal);
        if (context.Request.ContentLength is not 0 && context.Request.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true)
            body = JsonNode.Parse(await new StreamReader(context.Request.Body).ReadToEndAsync())?.AsObject() ?? new JsonObject();
        else if (context.Request.HasFormContentType)
            (body, files) = await ReadFormAsync(context.Request);
        var request = new Request(method, body, path) { Files = files, ContentType = context.Request.ContentType };
        Requests.Enqueue(request);
        Pulse();

        Failure? failure = null;
        if (_failures.TryGetValue(method, out var queue)) queue.TryDequeue(out failure);
        if (failure is null && method == "sendMessage") failure = SendMessageRule?.Invoke(body) ?? OverLimit(body);
        if (failure is null && method == "sendPhoto") failure = PhotoProblem(request) ?? OverLimit(body);
        if (failure is not null)
        {
            if (failure.Delay > TimeSpan.Zero)
            {
                try { await Task.Delay(failure.Delay, context.RequestAborted); }
                catch (OperationCanceledException) { return; }
            }
            if (failure.Status != 200)
            {
                var error = new JsonObject { ["ok"] = false, ["error_code"] = failure.Status, ["description"] = failure.Description };
                if (failure.Parameters is not null) error["parameters"] = failure.Parameters.DeepClone();
                await WriteAsync(context, failure.Status, error);
                Pulse();
                return;
            }
        }

        JsonNode? result = method switch
        {
            "getMe" => new JsonObject { ["id"] = BotId, ["is_bot"] = true, ["first_name"] = "Border Alert", ["username"] = BotUserName, ["can_join_groups"] = true, ["can_read_all_group_messages"] = false, ["supports_inline_queries"] = false },
            "deleteWebhook" or "setMyCommands" => true,
            "getChatMember" => Member(body),
            "sendMessage" => SendMessage(request),
            "sendPhoto" => SendPhoto(request),
            "getUpdates" => (JsonNode?)await GetUpdatesAsync(body, context.RequestAborted) ?? Conflict(),
            _ => null,
        };
        if (method == "sendMessage" && AfterSendAccepted is { } hold) await hold(request);
        if (context.RequestAborted.IsCancellationRequested) return;
        if (result is JsonObject { } conflict && conflict["error_code"] is not null)
        {
            await WriteAsync(context, 409, conflict);
            Pulse();
            return;
        }
        if (result is null)
        {
            await WriteAsync(context, 404, new JsonObject { ["ok"] = false, ["error_code"] = 404, ["description"] = "Not Found: method not found" });
            return;
        }
        await WriteAsync(context, 200, new JsonObject { ["ok"] = true, ["result"] = result });
        Pulse();
    }

    // Telegram's own limits, kept on the given clock: a successful send is counted per chat.
    private Failure? OverLimit(JsonObject body)
    {
        lock (_lock)
        {
            if (_limitClock is null) return null;
            var now = _limitClock.GetUtcNow();
            string chat = body["chat_id"]?.ToString() ?? "";
            if (!_sentAt.TryGetValue(chat, out var sent)) _sentAt[chat] = sent = [];
            sent.RemoveAll(t => now - t >= TimeSpan.FromMinutes(1));
            TimeSpan wait = TimeSpan.Zero;
            if (sent.Count > 0 && now - sent[^1] < TimeSpan.FromSeconds(1)) wait = sent[^1] + TimeSpan.FromSeconds(1) - now;
            bool group = chat.StartsWith('-') || chat.StartsWith('@');
            if (group && sent.Count >= 20 && sent[^20] + TimeSpan.FromMinutes(1) - now > wait) wait = sent[^20] + TimeSpan.FromMinutes(1) - now;
            if (wait > TimeSpan.Zero)
            {
                Interlocked.Increment(ref _rateLimited);
                return Failure.TooManyRequests((int)Math.Ceiling(wait.TotalSeconds));
            }
            sent.Add(now);
            return null;
        }
    }

    private JsonObject SendMessage(Request request)
    {
        var body = request.Body;
        int id = Interlocked.Increment(ref _nextMessageId);
        string chat = body["chat_id"]?.ToString() ?? "0";
        long chatId = long.TryParse(chat, out long n) ? n : -1009999999999;
        request.AnsweredMessageId = id;
        return new JsonObject
        {
            ["message_id"] = id,
            ["date"] = 1741867200,
            ["chat"] = Chat(chatId, chatId > 0 ? "private" : "supergroup"),
            ["text"] = body["text"]?.GetValue<string>() ?? "",
        };
    }

    /// <summary>
    /// Parameters of a multipart/form-data request as the Bot API reads them: each text field is one
    /// parameter (JSON-serialized objects such as reply_parameters are parsed back), each file part is an upload.
    /// Kestrel reads a chunked body the same way as one with a Content-Length.
    /// </summary>
    private static async Task<(JsonObject Body, Dictionary<string, UploadedFile> Files)> ReadFormAsync(HttpRequest request)
    {
        var form = await request.ReadFormAsync();
        var body = new JsonObject();
        foreach (var (key, value) in form)
        {
            string text = value.ToString();
            body[key] = text.StartsWith('{') || text.StartsWith('[') ? JsonNode.Parse(text) : JsonValue.Create(text);
        }
        var files = new Dictionary<string, UploadedFile>(StringComparer.Ordinal);
        foreach (var file in form.Files)
        {
            using var buffer = new MemoryStream();
            await file.CopyToAsync(buffer);
            files[file.Name] = new UploadedFile(file.Name, file.FileName, file.ContentType, buffer.ToArray());
        }
        return (body, files);
    }

    /// <summary>What the Bot API refuses in a sendPhoto: no photo (neither an upload nor a file_id/URL), or a caption over 1024 characters after entity parsing.</summary>
    private static Failure? PhotoProblem(Request request)
    {
        string? reference = request.Body["photo"]?.GetValue<string>();
        bool named = reference is { Length: > 0 } && !reference.StartsWith("attach://", StringComparison.Ordinal); // a file_id or URL
        if (request.Upload("photo") is null && !named) return Failure.BadRequest("there is no photo in the request");
        if (request.Caption is { } caption)
        {
            bool html = string.Equals(request.Body["parse_mode"]?.GetValue<string>(), "HTML", StringComparison.OrdinalIgnoreCase);
            string visible = html ? System.Net.WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Replace(caption, "<[^>]+>", "")) : caption;
            if (visible.Length > 1024) return Failure.BadRequest("message caption is too long");
        }
        return null;
    }

    /// <summary>sendPhoto calls that succeeded, with their uploads.</summary>
    public IReadOnlyList<Request> SentPhotos => Calls("sendPhoto").Where(r => r.AnsweredMessageId is not null).ToList();

    private JsonObject SendPhoto(Request request)
    {
        int id = Interlocked.Increment(ref _nextMessageId);
        string chat = request.Body["chat_id"]?.ToString() ?? "0";
        long chatId = long.TryParse(chat, out long n) ? n : -1009999999999;
        request.AnsweredMessageId = id;
        int size = request.Upload("photo")?.Content.Length ?? 0;
        var message = new JsonObject
        {
            ["message_id"] = id,
            ["date"] = 1741867200,
            ["chat"] = Chat(chatId, chatId > 0 ? "private" : "supergroup"),
            // Telegram answers with the sizes it made of the photo; one is enough here.
            ["photo"] = new JsonArray(new JsonObject { ["file_id"] = "photo-" + id, ["file_unique_id"] = "u" + id, ["width"] = 900, ["height"] = 360, ["file_size"] = size }),
        };
        if (request.Caption is { } caption) message["caption"] = caption;
        return message;
    }

    private JsonObject Member(JsonObject body)
    {
        long chat = long.Parse(body["chat_id"]!.ToString(), System.Globalization.CultureInfo.InvariantCulture);
        long user = body["user_id"]!.GetValue<long>();
        return MemberObject(user, MemberStatus.GetValueOrDefault((chat, user), "member"));
    }

    /// <summary>A ChatMember object as the docs show it for the status.</summary>
    private static JsonObject MemberObject(long user, string status)
    {
        var member = new JsonObject
        {
            ["status"] = status,
            ["user"] = new JsonObject { ["id"] = user, ["is_bot"] = false, ["first_name"] = "User" + user },
        };
        if (status is "administrator" or "creator") member["is_anonymous"] = false;
        if (status == "administrator")
        {
            foreach (string right in new[] { "can_be_edited", "can_manage_chat", "can_delete_messages", "can_manage_video_chats", "can_restrict_members", "can_promote_members", "can_change_info", "can_invite_users", "can_post_stories", "can_edit_stories", "can_delete_stories" })
                member[right] = right != "can_be_edited";
        }
        return member;
    }

    private JsonObject Conflict()
    {
        Interlocked.Increment(ref _conflicts);
        return new JsonObject { ["ok"] = false, ["error_code"] = 409, ["description"] = "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running" };
    }

    /// <summary>The updates, or null when a newer getUpdates for this token arrived while this one waited.</summary>
    private async Task<JsonArray?> GetUpdatesAsync(JsonObject body, CancellationToken aborted)
    {
        long? offset = body["offset"]?.GetValue<long>();
        int limit = body["limit"]?.GetValue<int>() ?? 100;
        int timeout = body["timeout"]?.GetValue<int>() ?? 0;
        if (body["allowed_updates"] is JsonArray allowed)
            lock (_lock) _allowedUpdates = allowed.Count == 0 ? null : allowed.Select(a => a!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        wait.CancelAfter(TimeSpan.FromSeconds(timeout));
        var superseded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            _waitingPoll?.TrySetResult(); // the poll already waiting is terminated by this one
            _waitingPoll = superseded;
        }
        try
        {
            while (true)
            {
                Task changed;
                lock (_lock)
                {
                    if (superseded.Task.IsCompleted) return null;
                    // An offset confirms every update before it: those are gone for good.
                    if (offset is long o) _updates.RemoveAll(u => u["update_id"]!.GetValue<int>() < o);
                    // Kinds the bot did not ask for are never delivered (chat_member only when named).
                    _updates.RemoveAll(u => !Wanted(u));
                    if (_updates.Count > 0 || timeout == 0)
                        return new JsonArray(_updates.Take(limit).Select(u => (JsonNode)u.DeepClone()).ToArray());
                    changed = _changed.Task;
                }
                try { await Task.WhenAny(changed, superseded.Task).WaitAsync(wait.Token); }
                catch (OperationCanceledException) { return []; }
            }
        }
        finally
        {
            lock (_lock) if (_waitingPoll == superseded) _waitingPoll = null;
        }
    }

    private bool Wanted(JsonObject update)
    {
        string kind = update.Select(p => p.Key).First(k => k != "update_id");
        return _allowedUpdates?.Contains(kind) ?? kind is not ("chat_member" or "message_reaction" or "message_reaction_count");
    }

    private static async Task WriteAsync(HttpContext context, int status, JsonObject body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        try { await context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted); }
        catch (OperationCanceledException) { }
    }

    public async ValueTask DisposeAsync()
    {
        await _http.DisposeAsync();
    }
}
