using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Balsam.Silo.Rest.Core;

/// <summary>
/// Datetimes as Balsam's server writes them: ISO 8601 in UTC without an offset (<c>2026-12-03T22:30:07.123456</c>), since
/// its client compares them with the naive <c>datetime.utcnow()</c>. Reads any ISO 8601 text; one without an offset is UTC.
/// </summary>
internal sealed class UtcDateTimeConverter : JsonConverter<DateTimeOffset>
{
    public const string Format = "yyyy-MM-dd'T'HH:mm:ss.ffffff";

    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String && Parse(reader.GetString()) is { } value
            ? value
            : throw new JsonException("value is not a valid datetime");

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(Text(value));

    /// <summary>The wire text of a datetime.</summary>
    public static string Text(DateTimeOffset value) => value.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture);

    /// <summary>An ISO 8601 datetime (UTC when it names no offset), or null when the text is not one.</summary>
    public static DateTimeOffset? Parse(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value)
            ? value
            : null;
}
