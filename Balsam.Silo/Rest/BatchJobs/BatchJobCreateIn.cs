using System.Text.Json.Serialization;

namespace Balsam.Silo.Rest.BatchJobs;

/// <summary>The body of <c>POST /batch-jobs/</c> (Balsam's <c>BatchJobCreate</c>).</summary>
public sealed record BatchJobCreateIn
{
    [JsonPropertyName("site_id"), JsonRequired] public long SiteId { get; init; }

    [JsonPropertyName("project"), JsonRequired] public string Project { get; init; } = "";

    [JsonPropertyName("queue"), JsonRequired] public string Queue { get; init; } = "";

    [JsonPropertyName("num_nodes"), JsonRequired] public int NumNodes { get; init; }

    [JsonPropertyName("wall_time_min"), JsonRequired] public int WallTimeMin { get; init; }

    [JsonPropertyName("job_mode"), JsonRequired] public string JobMode { get; init; } = "";

    [JsonPropertyName("optional_params")] public Dictionary<string, string>? OptionalParams { get; init; }

    [JsonPropertyName("filter_tags")] public Dictionary<string, string>? FilterTags { get; init; }

    [JsonPropertyName("partitions")] public List<BatchJobPartitionWire>? Partitions { get; init; }
}
