using System.Collections;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Balsam.Client.Serialization;

/// <summary>
/// How the SDK turns values into JSON and back: job parameters, parameter defaults, and the return values of
/// <c>Run</c> apps. The site's app runner uses the same options, so what a <c>Run</c> method returns arrives as the
/// same value in <c>ResultAsync&lt;T&gt;</c>.
/// </summary>
public static class BalsamJson
{
    /// <summary>The serializer options: <see cref="JsonSerializerDefaults.Web"/> (camelCase properties, case-insensitive reads).</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    /// <summary>The JSON text of a value, as stored in job parameters and results: <c>5</c>, <c>"world"</c>, <c>[3,4]</c>.</summary>
    /// <param name="value">Any serializable value; a <see cref="JsonNode"/> is written as is.</param>
    /// <returns>The JSON literal.</returns>
    public static string ToLiteral(object? value) => value switch
    {
        null => "null",
        JsonNode node => node.ToJsonString(Options),
        JsonElement element => element.GetRawText(),
        _ => JsonSerializer.Serialize(value, value.GetType(), Options),
    };

    /// <summary>Reads a JSON literal as <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">The type to read.</typeparam>
    /// <param name="json">The JSON text.</param>
    /// <returns>The value.</returns>
    public static T? FromLiteral<T>(string json) => JsonSerializer.Deserialize<T>(json, Options);

    /// <summary>
    /// Named values from an anonymous object (<c>new { x = 5, y = 3 }</c>), any object's public properties, a
    /// dictionary with string keys, or a <see cref="JsonObject"/>.
    /// </summary>
    internal static IEnumerable<KeyValuePair<string, object?>> NamedValues(object? values)
    {
        switch (values)
        {
            case null:
                yield break;
            case JsonObject json:
                foreach (var (key, node) in json)
                {
                    yield return new(key, node);
                }

                yield break;
            case IEnumerable<KeyValuePair<string, object?>> pairs:
                foreach (var pair in pairs)
                {
                    yield return pair;
                }

                yield break;
            case IDictionary dictionary:
                foreach (DictionaryEntry entry in dictionary)
                {
                    yield return new(entry.Key as string ?? throw new ArgumentException(
                        $"Parameter names must be strings; got a key of type {entry.Key.GetType().Name}", nameof(values)), entry.Value);
                }

                yield break;
            case string or ValueType or IEnumerable:
                throw new ArgumentException(
                    $"Parameters are named values: pass an anonymous object (new {{ x = 5 }}) or a dictionary, not a {values.GetType().Name}",
                    nameof(values));
        }

        foreach (var property in values.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.CanRead && property.GetIndexParameters().Length == 0)
            {
                yield return new(property.Name, property.GetValue(values));
            }
        }
    }

    /// <summary>Named values as JSON literals, the form job specs and queries carry.</summary>
    internal static Dictionary<string, string> ToLiterals(object? values) =>
        NamedValues(values).ToDictionary(pair => pair.Key, pair => ToLiteral(pair.Value), StringComparer.Ordinal);

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
