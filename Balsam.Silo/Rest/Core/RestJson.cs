using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Balsam.Silo.Rest.Core;

/// <summary>
/// The JSON of the REST API, as Balsam's pydantic models write and read it: snake_case names, enums as strings
/// (each resource names its own spelling where it differs from snake_case), datetimes as naive UTC
/// (<see cref="UtcDateTimeConverter"/>). Used explicitly by the REST routes only: the status pages keep their own JSON.
/// </summary>
internal static class RestJson
{
    public static readonly JsonSerializerOptions Options = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            DictionaryKeyPolicy = null, // dictionary keys are the user's own (parameter names, queues, aliases)
            PropertyNameCaseInsensitive = false,
            RespectNullableAnnotations = true,
            RespectRequiredConstructorParameters = true,
            NumberHandling = JsonNumberHandling.Strict,
            TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { NullTrackingModifier.Apply } },
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
        options.Converters.Add(new UtcDateTimeConverter());
        options.Converters.Add(new NullableUtcDateTimeConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
