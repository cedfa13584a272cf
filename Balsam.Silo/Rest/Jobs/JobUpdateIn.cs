using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Balsam.Silo.Rest.Jobs;

/// <summary>
/// Balsam's <c>JobUpdate</c> (<c>PUT /jobs/{id}</c>, <c>PUT /jobs/</c>): every field optional, only those sent change.
/// <c>state_timestamp</c> and <c>state_data</c> go with a state change into its event. A field sent as JSON <c>null</c>
/// is listed in <see cref="SentNulls"/>: <see cref="JobUpdateNulls"/> decides what that means.
/// </summary>
public record JobUpdateIn : Core.INullTracking
{
    private readonly HashSet<string> _sentNulls = [];

    /// <summary>The JSON names of the fields that came as <c>null</c> (absent fields are not listed).</summary>
    [JsonIgnore]
    public IReadOnlySet<string> SentNulls => _sentNulls;


    [JsonPropertyName("workdir")] public string? Workdir { get; init; }

    [JsonPropertyName("tags")] public Dictionary<string, string>? Tags { get; init; }

    [JsonPropertyName("serialized_parameters")] public string? SerializedParameters { get; init; }

    [JsonPropertyName("data")] public JsonObject? Data { get; init; }

    [JsonPropertyName("return_code")] public int? ReturnCode { get; init; }

    [JsonPropertyName("num_nodes")] public int? NumNodes { get; init; }

    [JsonPropertyName("ranks_per_node")] public int? RanksPerNode { get; init; }

    [JsonPropertyName("threads_per_rank")] public int? ThreadsPerRank { get; init; }

    [JsonPropertyName("threads_per_core")] public int? ThreadsPerCore { get; init; }

    [JsonPropertyName("launch_params")] public Dictionary<string, string>? LaunchParams { get; init; }

    [JsonPropertyName("gpus_per_rank")] public double? GpusPerRank { get; init; }

    [JsonPropertyName("node_packing_count")] public int? NodePackingCount { get; init; }

    [JsonPropertyName("wall_time_min")] public int? WallTimeMin { get; init; }

    [JsonPropertyName("batch_job_id")] public long? BatchJobId { get; init; }

    [JsonPropertyName("state")] public string? State { get; init; }

    [JsonPropertyName("state_timestamp")] public DateTimeOffset? StateTimestamp { get; init; }

    [JsonPropertyName("state_data")] public JsonObject? StateData { get; init; }

    [JsonPropertyName("pending_file_cleanup")] public bool? PendingFileCleanup { get; init; }

    [JsonPropertyName("serialized_return_value")] public string? SerializedReturnValue { get; init; }

    [JsonPropertyName("serialized_exception")] public string? SerializedException { get; init; }

    /// <summary>Whether the update touches any of the resource fields (which are stored together).</summary>
    [JsonIgnore]
    public bool TouchesResources => NumNodes is not null || RanksPerNode is not null || ThreadsPerRank is not null
        || ThreadsPerCore is not null || LaunchParams is not null || GpusPerRank is not null || NodePackingCount is not null
        || WallTimeMin is not null;

    void Core.INullTracking.SentNull(string jsonName) => _sentNulls.Add(jsonName);
}
