using Microsoft.AspNetCore.Http;

namespace Balsam.Silo.Rest.Core;

/// <summary>
/// Typed query parameters of a list route. Lists arrive as repeated keys (<c>?id=1&amp;id=2</c>); a value of the wrong
/// type is a 422 naming the parameter, as FastAPI answers.
/// </summary>
internal sealed class RestQuery(HttpRequest request)
{
    public string? String(string name) => request.Query.TryGetValue(name, out var values) && values.Count > 0 ? values[^1] : null;

    public IReadOnlyList<string> Strings(string name) =>
        request.Query.TryGetValue(name, out var values) ? [.. values.OfType<string>()] : [];

    public int? Int(string name) =>
        String(name) is { } text ? int.TryParse(text, out var value) ? value : throw NotInteger(name) : null;

    public long? Long(string name) =>
        String(name) is { } text ? long.TryParse(text, out var value) ? value : throw NotInteger(name) : null;

    public IReadOnlyList<long> Longs(string name) =>
        [.. Strings(name).Select(text => long.TryParse(text, out var value) ? value : throw NotInteger(name))];

    public bool? Bool(string name) => String(name)?.ToLowerInvariant() switch
    {
        null => null,
        "true" or "1" or "yes" or "on" => true,
        "false" or "0" or "no" or "off" => false,
        _ => throw RestSchemaException.Query(name, "value could not be parsed to a boolean", "type_error.bool"),
    };

    public DateTimeOffset? DateTime(string name) =>
        String(name) is { } text
            ? UtcDateTimeConverter.Parse(text) ?? throw RestSchemaException.Query(name, "invalid datetime format", "value_error.datetime")
            : null;

    private static RestSchemaException NotInteger(string name) =>
        RestSchemaException.Query(name, "value is not a valid integer", "type_error.integer");
}
