using System.Text.Json.Serialization;

namespace Balsam.Silo.Rest.BatchJobs;

/// <summary>Balsam's <c>BatchJobPartition</c>: one launcher of a split allocation.</summary>
public sealed record BatchJobPartitionWire
{
    [JsonPropertyName("job_mode"), JsonRequired] public string JobMode { get; init; } = "";

    [JsonPropertyName("num_nodes"), JsonRequired] public int NumNodes { get; init; }

    [JsonPropertyName("filter_tags")] public Dictionary<string, string>? FilterTags { get; init; }
}
