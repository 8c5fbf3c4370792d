using System.Buffers;
using System.Text;
using System.Text.Json;
using BorderAlertBot.Core.Detection;
using BorderAlertBot.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BorderAlertBot.Cli;

/// <summary>
/// `classify`: JSON lines in ({"id","title","summary","content",...}), one verdict per line out, in input
/// order: {"id","relevant","score","category","severity","places","evidence"}. A malformed line gives
/// {"id" (or the line number), "error"} and processing goes on. Exit 0 unless the input cannot be read.
/// </summary>
public static class ClassifyVerb
{
    public static async Task<int> ExecuteAsync(CliContext context, CancellationToken cancellationToken)
    {
        var builder = AppHost.CreateBuilder(context, LogLevel.Warning);
        using var host = builder.Build();
        AppHost.ValidateOptions(host.Services);
        var detector = host.Services.GetRequiredService<BorderDetector>();

        // The process's stdout gets a buffer of its own (Console.Out flushes on every write), and stdin a
        // reader that flushes that buffer before each read from the pipe: a caller that sends a line and
        // waits gets its verdict, a caller that streams a file gets 64 KB writes.
        bool console = ReferenceEquals(context.Out, Console.Out) && ReferenceEquals(context.In, Console.In);
        var output = console ? new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false), 1 << 16, leaveOpen: true) : context.Out;
        var input = console ? new InputLines(new FlushingInput(Console.OpenStandardInput(), output)) : new InputLines(context.In);
        try
        {
            // Reading blocks and ignores tokens: the whole loop runs on a thread of its own (no thread-pool
            // hop per line) and this method races it against the stop signal.
            using var verdicts = new VerdictLines(output, detector);
            await Task.Factory.StartNew(() =>
            {
                while (!cancellationToken.IsCancellationRequested && input.Next(out var line)) verdicts.Answer(line);
            }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).WaitAsync(cancellationToken);
            cancellationToken.ThrowIfCancellationRequested();
        }
        catch (IOException ex)
        {
            await context.Error.WriteLineAsync($"classify: the input could not be read ({ex.Message})");
            return ExitCodes.Failed;
        }
        finally
        {
            if (console) await output.DisposeAsync();
        }
        await context.Out.FlushAsync(cancellationToken);
        return ExitCodes.Ok;
    }

    /// <summary>Standard input that flushes standard output before every read, so no verdict waits behind a blocked read.</summary>
    private sealed class FlushingInput(Stream inner, TextWriter output) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));
        public override int Read(Span<byte> buffer)
        {
            output.Flush();
            return inner.Read(buffer);
        }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>One verdict per input line, in order, each written as UTF-8 JSON through one reused writer.</summary>
    private sealed class VerdictLines(TextWriter output, BorderDetector detector) : IDisposable
    {
        private static readonly JsonWriterOptions Options = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        private readonly ArrayBufferWriter<byte> _json = new(4096);
        private readonly Utf8JsonWriter _writer = new(Stream.Null, Options);
        private char[] _chars = new char[4096];
        private int _lineNumber;

        public void Dispose() => _writer.Dispose();

        public void Answer(ReadOnlySpan<byte> line)
        {
            _lineNumber++;
            if (line.Trim(" \t\r\n"u8).IsEmpty) return;
            _json.ResetWrittenCount();
            _writer.Reset(_json);
            WriteVerdict(_writer, line, _lineNumber, detector);
            _writer.Flush();
            if (_json.WrittenCount == 0) return; // a line of Unicode spaces: blank, as a text reader sees it
            int count = Encoding.UTF8.GetMaxCharCount(_json.WrittenCount);
            if (_chars.Length < count) _chars = new char[count];
            int written = Encoding.UTF8.GetChars(_json.WrittenSpan, _chars);
            output.WriteLine(_chars.AsSpan(0, written));
        }
    }

    private static void WriteVerdict(Utf8JsonWriter w, ReadOnlySpan<byte> line, int lineNumber, BorderDetector detector)
    {
        ClassifyRequest request;
        try
        {
            request = ClassifyRequest.Read(line);
        }
        catch (JsonException ex)
        {
            // What a text reader would have made of the line: blank, or bytes that are not UTF-8 replaced.
            string text = Encoding.UTF8.GetString(line);
            if (string.IsNullOrWhiteSpace(text)) return;
            if (!System.Text.Unicode.Utf8.IsValid(line))
            {
                WriteVerdict(w, Encoding.UTF8.GetBytes(text), lineNumber, detector);
                return;
            }
            WriteError(w, null, lineNumber, $"line {lineNumber} is not valid JSON: {ex.Message}");
            return;
        }
        if (!request.IsObject) { WriteError(w, null, lineNumber, "expected a JSON object"); return; }
        if (!request.HasId) { WriteError(w, null, lineNumber, "missing 'id'"); return; }
        if (request.Title is null && request.Summary is null && request.Content is null) { WriteError(w, request, lineNumber, "missing 'title'"); return; }

        var d = detector.Detect(new DetectionInput(request.Title, request.Summary, request.Content));
        w.WriteStartObject();
        w.WritePropertyName("id");
        request.WriteId(w);
        VerdictJson.WriteFields(w, d);
        w.WriteEndObject();
    }

    private static void WriteError(Utf8JsonWriter w, ClassifyRequest? request, int lineNumber, string error)
    {
        w.WriteStartObject();
        w.WritePropertyName("id");
        if (request is { } r) r.WriteId(w); else w.WriteNumberValue(lineNumber);
        w.WriteString("error", error);
        w.WriteEndObject();
    }
}
