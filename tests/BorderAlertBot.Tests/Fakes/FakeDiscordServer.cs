using System.Collections.Concurrent;
using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BorderAlertBot.Tests.Fakes;

/// <summary>
/// A loopback Discord (Kestrel on 127.0.0.1:0): the REST routes the bot uses under /api/v10 and a
/// WebSocket gateway on any other path. Payload shapes follow the official API docs (message objects,
/// 429 bodies with X-RateLimit-* headers, READY, INTERACTION_CREATE; uploads as multipart/form-data with
/// payload_json and files[n], checked against the attachments array). Every request is recorded; tests
/// can queue one-off responses and drive each gateway connection by hand.
/// </summary>
public sealed class FakeDiscordServer : IAsyncDisposable
{
    public const string Token = "fake-bot-token.XYZ";
    public const string ApplicationId = "1100000000000000001";
    public const string BotUserId = "1100000000000000001";

    private LoopbackServer _http = null!;
    private readonly ConcurrentQueue<(string Method, string Path, Func<HttpContext, Task> Handler)> _scripted = new();
    private readonly ConcurrentDictionary<string, JsonObject> _messagesByNonce = new(StringComparer.Ordinal);
    private readonly Channel<FakeGatewayConnection> _connections = Channel.CreateUnbounded<FakeGatewayConnection>();
    private long _nextId = 1200000000000000000;
    private int _connectionCount;

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();
    /// <summary>When each connection attempt to the "/refuse" gateway path came (and was refused).</summary>
    public ConcurrentQueue<DateTime> RefusedConnections { get; } = new();
    public Uri BaseUrl { get; private set; } = null!;
    public string ApiBaseUrl => BaseUrl.AbsoluteUri.TrimEnd('/') + "/api/v10";
    public string GatewayUrl => "ws://" + BaseUrl.Authority;
    public int ConnectionCount => Volatile.Read(ref _connectionCount);
    /// <summary>Heartbeats are ACKed unless a test turns this off (zombie detection).</summary>
    public bool AutoAckHeartbeats { get; set; } = true;

    private FakeDiscordServer() { }

    public static async Task<FakeDiscordServer> StartAsync()
    {
        var server = new FakeDiscordServer();
        server._http = await LoopbackServer.StartAsync(app =>
        {
            app.UseWebSockets();
            app.Run(server.HandleAsync);
        });
        server.BaseUrl = server._http.BaseUrl;
        return server;
    }

    /// <summary>The next request matching method and path (e.g. "/api/v10/channels/1/messages") gets this answer instead.</summary>
    public void Enqueue(string method, string path, int status, object? body, IDictionary<string, string>? headers = null) =>
        _scripted.Enqueue((method, path, async context =>
        {
            context.Response.StatusCode = status;
            foreach (var (k, v) in headers ?? new Dictionary<string, string>()) context.Response.Headers[k] = v;
            if (body is not null)
            {
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(JsonSerializer.Serialize(body));
            }
        }));

    /// <summary>A 429 as documented: body {message, retry_after, global} and the X-RateLimit-* headers.</summary>
    public void EnqueueRateLimit(string path, double retryAfter, bool global = false) =>
        Enqueue("POST", path, 429, new { message = "You are being rate limited.", retry_after = retryAfter, global }, new Dictionary<string, string>
        {
            ["Retry-After"] = Math.Ceiling(retryAfter).ToString(CultureInfo.InvariantCulture),
            ["X-RateLimit-Limit"] = "5",
            ["X-RateLimit-Remaining"] = "0",
            ["X-RateLimit-Reset-After"] = retryAfter.ToString(CultureInfo.InvariantCulture),
            ["X-RateLimit-Bucket"] = "abcd1234",
            ["X-RateLimit-Scope"] = global ? "global" : "user",
            ["X-RateLimit-Global"] = global ? "true" : "false",
        });

    /// <summary>An error as documented: {code, message}.</summary>
    public void EnqueueError(string method, string path, int status, int code, string message) =>
        Enqueue(method, path, status, new { code, message });

    public IReadOnlyList<RecordedRequest> RequestsTo(string method, string pathPrefix) =>
        Requests.Where(r => r.Method == method && r.Path.StartsWith(pathPrefix, StringComparison.Ordinal)).ToList();

    public async Task<FakeGatewayConnection> NextConnectionAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        return await _connections.Reader.ReadAsync(cts.Token);
    }

    private async Task HandleAsync(HttpContext context)
    {
        if (context.WebSockets.IsWebSocketRequest && context.Request.Path == "/refuse")
        {
            RefusedConnections.Enqueue(DateTime.UtcNow); // a gateway that is down: the upgrade fails
            context.Response.StatusCode = 503;
            return;
        }
        if (context.WebSockets.IsWebSocketRequest)
        {
            Interlocked.Increment(ref _connectionCount);
            var socket = await context.WebSockets.AcceptWebSocketAsync();
            var connection = new FakeGatewayConnection(this, context, socket);
            await _connections.Writer.WriteAsync(connection);
            await connection.PumpAsync();
            return;
        }

        string body;
        IReadOnlyList<UploadedFile> files = [];
        if (context.Request.HasFormContentType)
            (body, files) = await ReadUploadAsync(context.Request);
        else
            using (var reader = new StreamReader(context.Request.Body, Encoding.UTF8)) body = await reader.ReadToEndAsync();
        string path = context.Request.Path.Value ?? "/";
        var recorded = new RecordedRequest(context.Request.Method, path,
            context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), body) { Files = files };
        Requests.Enqueue(recorded);
        if (UploadProblem(recorded) is { } problem)
        {
            await Json(context, 400, new { code = 50035, message = "Invalid Form Body", errors = new { attachments = new { _errors = new[] { new { code = "ATTACHMENT_NOT_FOUND", message = problem } } } } });
            return;
        }

        if (_scripted.TryPeek(out var next) && next.Method == context.Request.Method && next.Path == path && _scripted.TryDequeue(out next))
        {
            await next.Handler(context);
            return;
        }
        if (context.Request.Headers.Authorization.ToString() != "Bot " + Token && !path.StartsWith("/api/v10/interactions/", StringComparison.Ordinal)
            && !path.StartsWith("/api/v10/webhooks/", StringComparison.Ordinal))
        {
            await Json(context, 401, new { message = "401: Unauthorized", code = 0 });
            return;
        }

        string[] parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries); // api v10 …
        string route = string.Join('/', parts.Skip(2));
        switch (context.Request.Method, parts.Length > 2 ? parts[2] : "")
        {
            case ("GET", "gateway") when route == "gateway/bot":
                await Json(context, 200, new { url = GatewayUrl, shards = 1, session_start_limit = new { total = 1000, remaining = 999, reset_after = 14400000, max_concurrency = 1 } });
                return;
            case ("GET", "applications") when route == "applications/@me":
                await Json(context, 200, new { id = ApplicationId, name = "BorderAlert", description = "", bot_public = true, bot_require_code_grant = false, verify_key = "abc", flags = 0 });
                return;
            case ("PUT", "applications"):
                var commands = JsonNode.Parse(body)!.AsArray();
                foreach (var c in commands) c!["id"] = NextId();
                await Json(context, 200, commands);
                return;
            case ("POST", "channels") when parts.Length == 5 && parts[4] == "messages":
                await CreateMessageAsync(context, parts[3], JsonNode.Parse(body)!.AsObject(), files);
                return;
            case ("POST", "users") when route == "users/@me/channels":
                string recipient = JsonNode.Parse(body)!["recipient_id"]!.GetValue<string>();
                await Json(context, 200, new { id = "8" + recipient, type = 1, last_message_id = (string?)null, recipients = new[] { new { id = recipient, username = "someone", discriminator = "0", global_name = "Someone" } } });
                return;
            case ("POST", "interactions"):
                context.Response.StatusCode = 204;
                return;
            case ("PATCH", "webhooks"):
                await Json(context, 200, Message(NextId(), "0", JsonNode.Parse(body)!.AsObject(), files));
                return;
            default:
                await Json(context, 404, new { message = "404: Not Found", code = 0 });
                return;
        }
    }

    /// <summary>
    /// A multipart/form-data request as Discord's "Uploading Files" describes it: the JSON body in the
    /// payload_json part, file n in the files[n] part. The body is read whole first (chunked or not).
    /// </summary>
    private static async Task<(string PayloadJson, IReadOnlyList<UploadedFile> Files)> ReadUploadAsync(HttpRequest request)
    {
        var form = await request.ReadFormAsync();
        var files = new List<UploadedFile>();
        foreach (var file in form.Files)
        {
            using var buffer = new MemoryStream();
            await file.CopyToAsync(buffer);
            files.Add(new UploadedFile(file.Name, file.FileName, file.ContentType, buffer.ToArray()));
        }
        return (form["payload_json"].ToString(), files);
    }

    /// <summary>
    /// What Discord refuses in an upload: a body without payload_json, a file part not named files[n], or
    /// an attachments entry whose id names no uploaded files[id] part (or another filename).
    /// </summary>
    private static string? UploadProblem(RecordedRequest request)
    {
        if (request.Files.Count == 0) return null;
        if (request.Body.Length == 0) return "payload_json is missing";
        if (request.Files.FirstOrDefault(f => !System.Text.RegularExpressions.Regex.IsMatch(f.Name, @"^files\[\d+\]$")) is { } odd)
            return $"file part '{odd.Name}' is not files[n]";
        var payload = JsonNode.Parse(request.Body)!;
        var data = payload["data"] ?? payload; // an interaction callback carries the message in data
        foreach (var a in data["attachments"]?.AsArray() ?? [])
        {
            string id = a!["id"]!.ToString();
            var file = request.Files.FirstOrDefault(f => f.Name == $"files[{id}]");
            if (file is null) return $"attachment {id} has no files[{id}] part";
            if (a["filename"]?.GetValue<string>() is { } name && name != file.FileName) return $"attachment {id} is named {name} but files[{id}] is {file.FileName}";
        }
        return null;
    }

    private async Task CreateMessageAsync(HttpContext context, string channelId, JsonObject request, IReadOnlyList<UploadedFile> files)
    {
        // enforce_nonce: the same nonce again returns the first message instead of posting a second one.
        string? nonce = request["nonce"]?.GetValue<string>();
        bool enforce = request["enforce_nonce"]?.GetValue<bool>() == true;
        JsonObject message;
        if (enforce && nonce is not null && _messagesByNonce.TryGetValue(channelId + "/" + nonce, out var existing)) message = existing;
        else
        {
            message = Message(NextId(), channelId, request, files);
            if (enforce && nonce is not null) _messagesByNonce[channelId + "/" + nonce] = message;
            Posted.Enqueue((channelId, message));
        }
        context.Response.Headers["X-RateLimit-Limit"] = "5";
        context.Response.Headers["X-RateLimit-Remaining"] = "4";
        context.Response.Headers["X-RateLimit-Reset"] = DateTimeOffset.UtcNow.AddSeconds(1).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        context.Response.Headers["X-RateLimit-Reset-After"] = "1.000";
        context.Response.Headers["X-RateLimit-Bucket"] = "abcd1234";
        await Json(context, 200, message);
    }

    /// <summary>Messages actually created (a nonce repeat is not a new one).</summary>
    public ConcurrentQueue<(string ChannelId, JsonObject Message)> Posted { get; } = new();

    /// <summary>A message object as the docs show it.</summary>
    private JsonObject Message(string id, string channelId, JsonObject request, IReadOnlyList<UploadedFile>? files = null) => new()
    {
        ["id"] = id,
        ["channel_id"] = channelId,
        ["type"] = request["message_reference"] is null ? 0 : 19,
        ["author"] = new JsonObject { ["id"] = BotUserId, ["username"] = "BorderAlert", ["discriminator"] = "0", ["bot"] = true },
        ["content"] = request["content"]?.GetValue<string>() ?? "",
        ["timestamp"] = "2025-03-13T12:00:00.000000+00:00",
        ["edited_timestamp"] = null,
        ["tts"] = false,
        ["mention_everyone"] = false,
        ["mentions"] = new JsonArray(),
        ["mention_roles"] = request["allowed_mentions"]?["roles"]?.DeepClone() ?? new JsonArray(),
        ["attachments"] = new JsonArray((files ?? []).Select(f => (JsonNode)new JsonObject
        {
            ["id"] = NextId(),
            ["filename"] = f.FileName,
            ["size"] = f.Content.Length,
            ["url"] = "https://cdn.discordapp.com/attachments/" + channelId + "/" + f.FileName,
            ["proxy_url"] = "https://media.discordapp.net/attachments/" + channelId + "/" + f.FileName,
            ["content_type"] = f.ContentType,
        }).ToArray()),
        ["embeds"] = request["embeds"]?.DeepClone() ?? new JsonArray(),
        ["pinned"] = false,
        ["nonce"] = request["nonce"]?.DeepClone(),
    };

    private string NextId() => Interlocked.Increment(ref _nextId).ToString(CultureInfo.InvariantCulture);

    private static async Task Json(HttpContext context, int status, object body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body is JsonNode node ? node.ToJsonString() : JsonSerializer.Serialize(body));
    }

    public async ValueTask DisposeAsync()
    {
        await _http.DisposeAsync();
    }

    /// <summary>One gateway connection, seen from the server: send payloads, read what the client sent.</summary>
    public sealed class FakeGatewayConnection
    {
        private readonly FakeDiscordServer _server;
        private readonly HttpContext _context;
        private readonly WebSocket _socket;
        private readonly SemaphoreSlim _sendLock = new(1, 1);
        private readonly Channel<JsonElement> _received = Channel.CreateUnbounded<JsonElement>();
        private readonly TaskCompletionSource<WebSocketCloseStatus?> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

        internal FakeGatewayConnection(FakeDiscordServer server, HttpContext context, WebSocket socket)
        {
            _server = server;
            _context = context;
            _socket = socket;
            Path = context.Request.Path.Value ?? "/";
            Query = context.Request.QueryString.Value ?? "";
        }

        public string Path { get; }
        public string Query { get; }
        public ConcurrentQueue<JsonElement> Heartbeats { get; } = new();
        /// <summary>The close code the client sent (null when the connection just dropped).</summary>
        public Task<WebSocketCloseStatus?> Closed => _closed.Task;

        internal async Task PumpAsync()
        {
            var buffer = new byte[64 * 1024];
            try
            {
                while (true)
                {
                    using var message = new MemoryStream();
                    WebSocketReceiveResult result;
                    do
                    {
                        result = await _socket.ReceiveAsync(buffer, _context.RequestAborted);
                        if (result.MessageType == WebSocketMessageType.Close)
                        {
                            _closed.TrySetResult(result.CloseStatus);
                            if (_socket.State == WebSocketState.CloseReceived)
                                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
                            return;
                        }
                        message.Write(buffer, 0, result.Count);
                    } while (!result.EndOfMessage);
                    var json = JsonDocument.Parse(message.ToArray()).RootElement.Clone();
                    if (json.GetProperty("op").GetInt32() == 1)
                    {
                        Heartbeats.Enqueue(json);
                        if (_server.AutoAckHeartbeats) await SendAsync(new JsonObject { ["op"] = 11 });
                    }
                    await _received.Writer.WriteAsync(json);
                }
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
            {
                _closed.TrySetResult(null);
            }
            finally
            {
                _received.Writer.TryComplete();
            }
        }

        public async Task SendAsync(JsonObject payload)
        {
            await _sendLock.WaitAsync();
            try { await _socket.SendAsync(Encoding.UTF8.GetBytes(payload.ToJsonString()), WebSocketMessageType.Text, true, CancellationToken.None); }
            finally { _sendLock.Release(); }
        }

        public Task SendHelloAsync(int heartbeatIntervalMs = 41250) =>
            SendAsync(new JsonObject { ["op"] = 10, ["d"] = new JsonObject { ["heartbeat_interval"] = heartbeatIntervalMs }, ["s"] = null, ["t"] = null });

        public Task SendDispatchAsync(string type, long sequence, JsonNode data) =>
            SendAsync(new JsonObject { ["op"] = 0, ["t"] = type, ["s"] = sequence, ["d"] = data });

        /// <summary>READY as the docs show it (trimmed to the fields a bot reads).</summary>
        public Task SendReadyAsync(long sequence, string sessionId, string resumeUrl) => SendDispatchAsync("READY", sequence, new JsonObject
        {
            ["v"] = 10,
            ["user"] = new JsonObject { ["id"] = BotUserId, ["username"] = "BorderAlert", ["discriminator"] = "0", ["bot"] = true },
            ["guilds"] = new JsonArray(new JsonObject { ["id"] = "1300000000000000001", ["unavailable"] = true }),
            ["session_id"] = sessionId,
            ["resume_gateway_url"] = resumeUrl,
            ["application"] = new JsonObject { ["id"] = ApplicationId, ["flags"] = 0 },
        });

        public Task SendReconnectAsync() => SendAsync(new JsonObject { ["op"] = 7, ["d"] = null });

        public Task SendInvalidSessionAsync(bool resumable) => SendAsync(new JsonObject { ["op"] = 9, ["d"] = resumable });

        public Task SendHeartbeatRequestAsync() => SendAsync(new JsonObject { ["op"] = 1, ["d"] = null });

        /// <summary>The next client payload with this opcode (heartbeats are recorded, and skipped unless asked for).</summary>
        public async Task<JsonElement> ExpectAsync(int op, TimeSpan? timeout = null)
        {
            using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
            while (true)
            {
                var json = await _received.Reader.ReadAsync(cts.Token);
                if (json.GetProperty("op").GetInt32() == op) return json;
            }
        }

        public async Task CloseAsync(int code, string reason)
        {
            await _sendLock.WaitAsync();
            try { await _socket.CloseOutputAsync((WebSocketCloseStatus)code, reason, CancellationToken.None); }
            finally { _sendLock.Release(); }
        }

        /// <summary>Drops the TCP connection without a close frame.</summary>
        public void Drop() => _context.Abort();
    }
}

/// <summary>A request the fake received; for a multipart upload <see cref="Body"/> is its payload_json and <see cref="Files"/> its files[n] parts.</summary>
public sealed record RecordedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public IReadOnlyList<UploadedFile> Files { get; init; } = [];

    public JsonElement Json => JsonDocument.Parse(Body).RootElement.Clone();
}
