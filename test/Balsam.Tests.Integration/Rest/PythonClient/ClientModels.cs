using System.Globalization;
using System.Text.Json;

namespace Balsam.Tests.Integration.Rest.PythonClient;

/// <summary>
/// The response models Balsam's Python client parses (<c>client-models.json</c>, generated from its
/// <c>balsam/schemas</c>), and the check that an answer carries what the client reads: a missing required key, a
/// <c>null</c> where the model has no <c>Optional</c>, or a value of the wrong kind makes the real client crash.
/// </summary>
public sealed class ClientModels
{
    private readonly Dictionary<string, Dictionary<string, ClientField>> _models;

    private ClientModels(Dictionary<string, Dictionary<string, ClientField>> models) => _models = models;

    public static ClientModels Load()
    {
        var text = File.ReadAllText(RecordedSequence.DataFile("client-models.json"));
        var options = new JsonSerializerOptions { PropertyNameCaseInsensitive = true };
        return new(JsonSerializer.Deserialize<Dictionary<string, Dictionary<string, ClientField>>>(text, options)
            ?? throw new InvalidDataException("client-models.json is empty"));
    }

    /// <summary>Every way <paramref name="value"/> fails the model <paramref name="model"/>, as messages naming the field.</summary>
    public List<string> Violations(string model, JsonElement value)
    {
        Assert.IsTrue(_models.TryGetValue(model, out var fields), $"no client model {model}");
        if (value.ValueKind != JsonValueKind.Object)
        {
            return [$"{model}: expected a JSON object, got {value.ValueKind}"];
        }

        var problems = new List<string>();
        foreach (var (name, field) in fields)
        {
            if (!value.TryGetProperty(name, out var item))
            {
                if (field.Required)
                {
                    problems.Add($"{model}.{name}: missing (the client requires it)");
                }

                continue;
            }

            if (item.ValueKind == JsonValueKind.Null)
            {
                if (!field.Nullable)
                {
                    problems.Add($"{model}.{name}: null (the client accepts no null here)");
                }

                continue;
            }

            if (!IsKind(item, field.Kind))
            {
                problems.Add($"{model}.{name}: {item.GetRawText()} is not {field.Kind}");
            }
        }

        return problems;
    }

    private static bool IsKind(JsonElement item, string kind) => kind switch
    {
        "int" => item.ValueKind == JsonValueKind.Number && item.TryGetInt64(out _),
        "number" => item.ValueKind == JsonValueKind.Number,
        "string" => item.ValueKind == JsonValueKind.String,
        "bool" => item.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "object" => item.ValueKind == JsonValueKind.Object,
        "array" => item.ValueKind == JsonValueKind.Array,
        "datetime" => item.ValueKind == JsonValueKind.String && IsIsoDateTime(item.GetString()!),
        "any" => true,
        _ when kind.StartsWith("enum:", StringComparison.Ordinal) =>
            item.ValueKind == JsonValueKind.String && kind["enum:".Length..].Split('|').Contains(item.GetString()),
        _ => throw new InvalidDataException($"unknown kind {kind}"),
    };

    /// <summary>ISO 8601 as pydantic 1.10 parses it: date, <c>T</c> or space, time, optional fraction and offset.</summary>
    private static bool IsIsoDateTime(string text) =>
        text.Length >= 19 && (text[10] == 'T' || text[10] == ' ')
        && DateTimeOffset.TryParse(text.Replace(' ', 'T'), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _);
}
