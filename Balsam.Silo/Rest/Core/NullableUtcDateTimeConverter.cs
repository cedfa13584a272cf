using System.Text.Json;
using System.Text.Json.Serialization;

namespace Balsam.Silo.Rest.Core;

/// <summary><see cref="UtcDateTimeConverter"/> for optional datetimes (JSON <c>null</c> is null).</summary>
internal sealed class NullableUtcDateTimeConverter : JsonConverter<DateTimeOffset?>
{
    public override bool HandleNull => true;

    public override DateTimeOffset? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Null ? null : new UtcDateTimeConverter().Read(ref reader, typeof(DateTimeOffset), options);

    public override void Write(Utf8JsonWriter writer, DateTimeOffset? value, JsonSerializerOptions options)
    {
        if (value is { } v)
        {
            writer.WriteStringValue(UtcDateTimeConverter.Text(v));
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}
