using System.Text.Json;
using System.Text.Json.Serialization;

namespace Balsam.Silo.Rest.Jobs;

/// <summary><see cref="BalsamTimeConverter"/> for optional datetimes (null stays null).</summary>
public sealed class NullableBalsamTimeConverter : JsonConverter<DateTimeOffset?>
{
    public override bool HandleNull => true;

    public override DateTimeOffset? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Null
            ? null
            : BalsamTime.Parse(reader.GetString() ?? "") ?? throw new JsonException($"'{reader.GetString()}' is not an ISO 8601 datetime");

    public override void Write(Utf8JsonWriter writer, DateTimeOffset? value, JsonSerializerOptions options)
    {
        if (value is { } time)
        {
            writer.WriteStringValue(BalsamTime.Format(time));
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}
