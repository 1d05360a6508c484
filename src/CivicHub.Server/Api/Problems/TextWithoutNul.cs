using System.Text.Json;
using System.Text.Json.Serialization;

namespace CivicHub.Server.Api.Problems;

/// <summary>
/// Refuses a JSON string holding a NUL character ("\u0000") as the field's bad value. No field means one, and
/// PostgreSQL cannot store it in text: let through, it would fail the whole request at the database with a 500.
/// </summary>
public sealed class TextWithoutNul : JsonConverter<string>
{
    public override bool HandleNull => false;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString();
        return text is not null && text.Contains('\0', StringComparison.Ordinal)
            ? throw new JsonException("The text holds a NUL character.")
            : text;
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}
