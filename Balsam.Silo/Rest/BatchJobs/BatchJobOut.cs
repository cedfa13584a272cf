using System.Text.Json.Serialization;

namespace Balsam.Silo.Rest.BatchJobs;

/// <summary>A batch job as Balsam's REST API returns it (<c>BatchJobOut</c>).</summary>
public sealed record BatchJobOut
{
    [JsonPropertyName("id")] public long Id { get; init; }

    [JsonPropertyName("site_id")] public long SiteId { get; init; }

    [JsonPropertyName("scheduler_id")] public long? SchedulerId { get; init; }

    [JsonPropertyName("project")] public required string Project { get; init; }

    [JsonPropertyName("queue")] public required string Queue { get; init; }

    [JsonPropertyName("num_nodes")] public int NumNodes { get; init; }

    [JsonPropertyName("wall_time_min")] public int WallTimeMin { get; init; }

    [JsonPropertyName("job_mode")] public required string JobMode { get; init; }

    [JsonPropertyName("optional_params")] public Dictionary<string, string> OptionalParams { get; init; } = [];

    [JsonPropertyName("filter_tags")] public Dictionary<string, string> FilterTags { get; init; } = [];

    /// <summary>Null when the allocation is not split (Balsam's default).</summary>
    [JsonPropertyName("partitions")] public List<BatchJobPartitionWire>? Partitions { get; init; }

    [JsonPropertyName("state")] public required string State { get; init; }

    [JsonPropertyName("status_info")] public Dictionary<string, string> StatusInfo { get; init; } = [];

    [JsonPropertyName("start_time")] public DateTimeOffset? StartTime { get; init; }

    [JsonPropertyName("end_time")] public DateTimeOffset? EndTime { get; init; }
}
