using System.Text.Json;
using System.Text.Json.Nodes;

namespace Balsam.Silo.Storage.Jobs;

/// <summary>Conversions between the wire shapes of job fields and their jsonb columns.</summary>
internal static class JsonMaps
{
    /// <summary>A string map (tags, launch params) as a JSON object.</summary>
    public static string FromStrings(IReadOnlyDictionary<string, string> map) => JsonSerializer.Serialize(map);

    public static Dictionary<string, string> ToStrings(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? [];

    /// <summary>Parameters arrive as JSON literals per name; the column holds one JSON object.</summary>
    public static string FromLiterals(IReadOnlyDictionary<string, string> literals)
    {
        var node = new JsonObject();
        foreach (var (name, literal) in literals)
        {
            node[name] = JsonNode.Parse(literal);
        }

        return node.ToJsonString();
    }

    public static Dictionary<string, string> ToLiterals(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetRawText());
    }
}
