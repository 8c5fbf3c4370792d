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

        var buffer = new MemoryStream();
        int lineNumber = 0;
        string? line;
        try
        {
            // Console.In reads synchronously and ignores tokens: read on the pool and race the stop signal.
            while ((line = await Task.Run(context.In.ReadLine, CancellationToken.None).WaitAsync(cancellationToken)) is not null)
            {
                lineNumber++;
                if (string.IsNullOrWhiteSpace(line)) continue;
                buffer.SetLength(0);
                using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
                    WriteVerdict(writer, line, lineNumber, detector);
                await context.Out.WriteLineAsync(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
            }
        }
        catch (IOException ex)
        {
            await context.Error.WriteLineAsync($"classify: the input could not be read ({ex.Message})");
            return ExitCodes.Failed;
        }
        await context.Out.FlushAsync(cancellationToken);
        return ExitCodes.Ok;
    }

    private static void WriteVerdict(Utf8JsonWriter w, string line, int lineNumber, BorderDetector detector)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(line);
        }
        catch (JsonException ex)
        {
            WriteError(w, null, lineNumber, $"line {lineNumber} is not valid JSON: {ex.Message}");
            return;
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) { WriteError(w, null, lineNumber, "expected a JSON object"); return; }
            root.TryGetProperty("id", out var id);
            bool hasId = id.ValueKind is JsonValueKind.String or JsonValueKind.Number;
            string? title = Text(root, "title"), summary = Text(root, "summary"), content = Text(root, "content");
            if (!hasId) { WriteError(w, null, lineNumber, "missing 'id'"); return; }
            if (title is null && summary is null && content is null) { WriteError(w, id, lineNumber, "missing 'title'"); return; }

            var d = detector.Detect(new DetectionInput(title, summary, content));
            w.WriteStartObject();
            w.WritePropertyName("id");
            id.WriteTo(w);
            w.WriteBoolean("relevant", d.Relevant);
            w.WriteNumber("score", d.Score);
            if (d.Relevant) w.WriteString("category", d.Category.ToWire()); else w.WriteNull("category");
            w.WriteNumber("severity", d.Severity);
            w.WriteStartArray("places");
            foreach (var p in d.Places) w.WriteStringValue(p.Name);
            w.WriteEndArray();
            w.WriteStartArray("evidence");
            foreach (var phrase in d.Evidence.Select(e => e.Phrase).Distinct(StringComparer.Ordinal)) w.WriteStringValue(phrase);
            w.WriteEndArray();
            w.WriteStartArray("reasons");
            foreach (var reason in d.Reasons) w.WriteStringValue(reason);
            w.WriteEndArray();
            w.WriteEndObject();
        }
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static void WriteError(Utf8JsonWriter w, JsonElement? id, int lineNumber, string error)
    {
        w.WriteStartObject();
        w.WritePropertyName("id");
        if (id is { } value) value.WriteTo(w); else w.WriteNumberValue(lineNumber);
        w.WriteString("error", error);
        w.WriteEndObject();
    }
}
