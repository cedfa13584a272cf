using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Balsam.Silo.Rest.Jobs;

/// <summary>
/// Datetimes as Balsam's pydantic models emit them (<c>2026-01-02T03:04:05.123456+00:00</c>, always UTC) and accept them
/// (any ISO 8601 form; a time without an offset is UTC, as Balsam's server stores naive UTC times).
/// </summary>
public sealed class BalsamTimeConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        BalsamTime.Parse(reader.GetString() ?? throw new JsonException("a datetime must be an ISO 8601 string"))
        ?? throw new JsonException($"'{reader.GetString()}' is not an ISO 8601 datetime");

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(BalsamTime.Format(value));
}

/// <summary>Balsam's datetime text: formatting and lenient ISO 8601 parsing.</summary>
public static class BalsamTime
{
    public static string Format(DateTimeOffset value) =>
        value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'+00:00'", CultureInfo.InvariantCulture);

    /// <summary>The time, or null when the text is not ISO 8601.</summary>
    public static DateTimeOffset? Parse(string text) =>
        DateTimeOffset.TryParse(text.Trim(), CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value)
            ? value
            : null;
}
