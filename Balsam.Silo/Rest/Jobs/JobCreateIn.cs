using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Balsam.Silo.Rest.Jobs;

/// <summary>
/// One job of <c>POST /jobs/</c> (Balsam's <c>ServerJobCreate</c>). <see cref="Parameters"/> is ours: parameter values
/// of a C# app as JSON values, beside Balsam's opaque <see cref="SerializedParameters"/>.
/// </summary>
public sealed record JobCreateIn
{
    [JsonPropertyName("app_id"), JsonRequired] public long AppId { get; init; }

    [JsonPropertyName("workdir"), JsonRequired] public string Workdir { get; init; } = "";

    [JsonPropertyName("tags")] public Dictionary<string, string>? Tags { get; init; }

    [JsonPropertyName("serialized_parameters")] public string? SerializedParameters { get; init; }

    [JsonPropertyName("parameters")] public Dictionary<string, JsonNode?>? Parameters { get; init; }

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

    [JsonPropertyName("parent_ids")] public List<long>? ParentIds { get; init; }

    [JsonPropertyName("transfers")] public Dictionary<string, JobTransferItemIn>? Transfers { get; init; }
}
