using System.Text.Json.Serialization;

namespace Balsam.Silo.Rest.BatchJobs;

/// <summary>The body of <c>PUT /batch-jobs/{id}</c> (Balsam's <c>BatchJobUpdate</c>): only the fields sent change.</summary>
public record BatchJobUpdateIn
{
    [JsonPropertyName("scheduler_id")] public long? SchedulerId { get; init; }

    [JsonPropertyName("state")] public string? State { get; init; }

    [JsonPropertyName("status_info")] public Dictionary<string, string>? StatusInfo { get; init; }

    [JsonPropertyName("start_time")] public DateTimeOffset? StartTime { get; init; }

    [JsonPropertyName("end_time")] public DateTimeOffset? EndTime { get; init; }
}
