using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Balsam.Silo.Rest.Events;

/// <summary>One state change of a job as Balsam's REST API returns it (<c>LogEventOut</c>).</summary>
public sealed record LogEventOut
{
    [JsonPropertyName("id")] public long Id { get; init; }

    [JsonPropertyName("job_id")] public long JobId { get; init; }

    [JsonPropertyName("timestamp")] public DateTimeOffset Timestamp { get; init; }

    [JsonPropertyName("from_state")] public required string FromState { get; init; }

    [JsonPropertyName("to_state")] public required string ToState { get; init; }

    [JsonPropertyName("data")] public JsonObject Data { get; init; } = [];
}
