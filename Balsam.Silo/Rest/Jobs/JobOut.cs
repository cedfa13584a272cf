using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Balsam.Silo.Rest.Jobs;

/// <summary>A job row as Balsam's REST API returns it (<c>JobOut</c> plus the raw row's <c>session_id</c>).</summary>
public sealed record JobOut
{
    [JsonPropertyName("id")] public long Id { get; init; }

    [JsonPropertyName("app_id")] public long AppId { get; init; }

    [JsonPropertyName("workdir")] public required string Workdir { get; init; }

    [JsonPropertyName("tags")] public Dictionary<string, string> Tags { get; init; } = [];

    [JsonPropertyName("serialized_parameters")] public string SerializedParameters { get; init; } = "";

    [JsonPropertyName("data")] public JsonObject Data { get; init; } = [];

    [JsonPropertyName("return_code")] public int? ReturnCode { get; init; }

    [JsonPropertyName("num_nodes")] public int NumNodes { get; init; }

    [JsonPropertyName("ranks_per_node")] public int RanksPerNode { get; init; }

    [JsonPropertyName("threads_per_rank")] public int ThreadsPerRank { get; init; }

    [JsonPropertyName("threads_per_core")] public int ThreadsPerCore { get; init; }

    [JsonPropertyName("launch_params")] public Dictionary<string, string> LaunchParams { get; init; } = [];

    [JsonPropertyName("gpus_per_rank")] public double GpusPerRank { get; init; }

    [JsonPropertyName("node_packing_count")] public int NodePackingCount { get; init; }

    [JsonPropertyName("wall_time_min")] public int WallTimeMin { get; init; }

    [JsonPropertyName("parent_ids")] public List<long> ParentIds { get; init; } = [];

    [JsonPropertyName("batch_job_id")] public long? BatchJobId { get; init; }

    [JsonPropertyName("session_id")] public long? SessionId { get; init; }

    [JsonPropertyName("last_update")] public DateTimeOffset LastUpdate { get; init; }

    [JsonPropertyName("state")] public required string State { get; init; }

    [JsonPropertyName("pending_file_cleanup")] public bool PendingFileCleanup { get; init; }

    [JsonPropertyName("serialized_return_value")] public string SerializedReturnValue { get; init; } = "";

    [JsonPropertyName("serialized_exception")] public string SerializedException { get; init; } = "";
}
