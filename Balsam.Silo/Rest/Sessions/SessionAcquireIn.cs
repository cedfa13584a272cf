using System.Text.Json.Serialization;

namespace Balsam.Silo.Rest.Sessions;

/// <summary>The body of <c>POST /sessions/{id}</c> (Balsam's <c>SessionAcquire</c>, BALSAM-REFERENCE §3.2).</summary>
public sealed record SessionAcquireIn
{
    /// <summary>Balsam's MAX_JOBS_PER_SESSION_ACQUIRE.</summary>
    public const int MaxJobsPerAcquire = 2048;

    [JsonPropertyName("max_num_jobs"), JsonRequired] public int MaxNumJobs { get; init; }

    [JsonPropertyName("max_wall_time_min")] public int? MaxWallTimeMin { get; init; }

    [JsonPropertyName("max_nodes_per_job")] public int? MaxNodesPerJob { get; init; }

    [JsonPropertyName("max_aggregate_nodes")] public double? MaxAggregateNodes { get; init; }

    [JsonPropertyName("serial_only")] public bool SerialOnly { get; init; }

    [JsonPropertyName("sort_by")] public string? SortBy { get; init; }

    [JsonPropertyName("filter_tags"), JsonRequired] public Dictionary<string, string> FilterTags { get; init; } = [];

    /// <summary>Null: the runnable states (PREPROCESSED, RESTART_READY).</summary>
    [JsonPropertyName("states")] public List<string>? States { get; init; }

    [JsonPropertyName("app_ids")] public List<long>? AppIds { get; init; }
}
