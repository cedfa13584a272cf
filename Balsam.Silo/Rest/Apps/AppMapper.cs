using System.Text.Json;
using System.Text.Json.Nodes;
using Balsam.Apps;
using Balsam.Silo.Rest.Core;

namespace Balsam.Silo.Rest.Apps;

/// <summary>
/// Between Balsam's app JSON and our <see cref="AppInfo"/>. A Python app comes back exactly as its client stored it
/// (plus <c>id</c> and <c>last_modified</c>); a C# app is shown in the same shape, with an empty <c>serialized_class</c>,
/// its command template (or Run signature) as <c>source_code</c> and <c>command_template</c>/<c>run_parameters</c> beside.
/// </summary>
internal static class AppMapper
{
    /// <summary>Balsam's MAX_APP_SERIALIZED_SIZE.</summary>
    public const int MaxSerializedClass = 262_144;

    public static JsonObject ToOut(AppInfo app)
    {
        var output = new JsonObject { ["id"] = app.Id };
        if (app.Definition.PythonApp is { } stored)
        {
            foreach (var (key, value) in JsonNode.Parse(stored)!.AsObject())
            {
                output[key] = value?.DeepClone();
            }

            output["site_id"] = app.SiteId;
            output["name"] = app.Name;
        }
        else
        {
            var definition = app.Definition;
            output["site_id"] = app.SiteId;
            output["name"] = app.Name;
            output["serialized_class"] = "";
            output["source_code"] = definition.IsRunApp ? $"Run({string.Join(", ", definition.RunParameters!)})" : definition.CommandTemplate;
            output["description"] = definition.Description;
            output["parameters"] = JsonSerializer.SerializeToNode(
                definition.Parameters.ToDictionary(p => p.Key, p => new AppParameterWire { Required = p.Value.Required, Default = p.Value.Default, Help = p.Value.Help }),
                RestJson.Options);
            output["transfers"] = Transfers(definition.Transfers);
            output["command_template"] = definition.CommandTemplate;
            output["run_parameters"] = definition.RunParameters is null ? null : new JsonArray([.. definition.RunParameters.Select(n => (JsonNode?)n)]);
        }

        output["last_modified"] = UtcDateTimeConverter.Text(app.RegisteredAt);
        return output;
    }

    /// <summary>Our definition of a Python app from its body (already merged with what was stored, for an update).</summary>
    public static AppDefinition ToDefinition(JsonObject body)
    {
        var typed = Typed(body);
        return new AppDefinition
        {
            Name = typed.Name ?? "",
            Description = typed.Description ?? "",
            Parameters = (typed.Parameters ?? []).ToDictionary(p => p.Key, p => new AppParameter
            {
                Required = p.Value.Required,
                // Balsam lets a required parameter carry an empty default; ours has none
                Default = p.Value.Required && string.IsNullOrEmpty(p.Value.Default) ? null : p.Value.Default,
                Help = p.Value.Help,
            }),
            Transfers = (typed.Transfers ?? []).ToDictionary(t => t.Key, t => new TransferSlot
            {
                Required = t.Value.Required,
                Direction = t.Value.Direction,
                LocalPath = t.Value.LocalPath,
                Description = t.Value.Description,
                Recursive = t.Value.Recursive,
            }),
            PythonApp = Stored(body).ToJsonString(),
        };
    }

    /// <summary>The typed fields of a body; a wrong type or a too large class is a 422 naming the field.</summary>
    public static AppIn Typed(JsonObject body)
    {
        AppIn typed;
        try
        {
            typed = body.Deserialize<AppIn>(RestJson.Options)!;
        }
        catch (JsonException e)
        {
            throw new RestSchemaException([new RestSchemaError(["body", .. (e.Path ?? "$").TrimStart('$', '.').Split('.', StringSplitOptions.RemoveEmptyEntries)],
                e.Message.Split(" Path: ")[0], "type_error")]);
        }

        if (typed.SerializedClass is { Length: > MaxSerializedClass })
        {
            throw RestSchemaException.Body("serialized_class", $"Serialized App cannot be larger than {MaxSerializedClass}", "assertion_error");
        }

        return typed;
    }

    /// <summary>The body as stored: everything the client sent but the id, which is the service's.</summary>
    private static JsonObject Stored(JsonObject body)
    {
        var stored = (JsonObject)body.DeepClone();
        stored.Remove("id");
        stored.Remove("last_modified");
        return stored;
    }

    private static JsonNode? Transfers(Dictionary<string, TransferSlot> transfers) =>
        JsonSerializer.SerializeToNode(transfers.ToDictionary(t => t.Key, t => new TransferSlotWire
        {
            Required = t.Value.Required,
            Direction = t.Value.Direction,
            LocalPath = t.Value.LocalPath,
            Description = t.Value.Description,
            Recursive = t.Value.Recursive,
        }), RestJson.Options);
}
