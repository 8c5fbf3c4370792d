using System.Text;
using System.Text.Json;

namespace BorderAlertBot.Cli;

/// <summary>
/// One `classify` input line read straight from its UTF-8 bytes with <see cref="Utf8JsonReader"/>: no
/// string for the line, no document, each text field unescaped once. The whole line is read, so anything
/// that is not one valid JSON value is refused as <see cref="JsonDocument.Parse(string, JsonDocumentOptions)"/> would.
/// </summary>
internal readonly record struct ClassifyRequest(bool IsObject, bool HasId, string? StringId, byte[]? NumberId, string? Title, string? Summary, string? Content)
{
    /// <exception cref="JsonException">the line is not valid JSON</exception>
    public static ClassifyRequest Read(ReadOnlySpan<byte> line)
    {
        var reader = new Utf8JsonReader(line);
        if (!reader.Read()) throw new JsonException("the line holds no JSON value");
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            while (reader.Read()) { } // trailing content is an error, as for any JSON value
            return default;
        }
        bool hasId = false;
        string? stringId = null, title = null, summary = null, content = null;
        byte[]? numberId = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            bool isId = reader.ValueTextEquals("id"u8), isTitle = reader.ValueTextEquals("title"u8),
                 isSummary = reader.ValueTextEquals("summary"u8), isContent = reader.ValueTextEquals("content"u8);
            reader.Read();
            // The last occurrence of a property wins, as JsonElement.TryGetProperty finds it.
            if (isId)
            {
                hasId = reader.TokenType is JsonTokenType.String or JsonTokenType.Number;
                stringId = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                numberId = reader.TokenType == JsonTokenType.Number ? reader.ValueSpan.ToArray() : null;
            }
            else if (isTitle) title = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            else if (isSummary) summary = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            else if (isContent) content = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            reader.Skip();
        }
        while (reader.Read()) { }
        return new ClassifyRequest(true, hasId, stringId, numberId, title, summary, content);
    }

    public void WriteId(Utf8JsonWriter w)
    {
        if (StringId is not null) w.WriteStringValue(StringId);
        else w.WriteRawValue(NumberId, skipInputValidation: true);
    }



}
