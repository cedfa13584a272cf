namespace Balsam.BatchJobs;

/// <summary>One launcher of a split allocation: its job mode, nodes, and the tags of the jobs it runs (SPEC §1).</summary>
[GenerateSerializer, Alias("balsam.BatchJobPartition")]
public sealed record BatchJobPartition
{
    [Id(0)] public JobMode JobMode { get; init; }

    [Id(1)] public int NumNodes { get; init; }

    [Id(2)] public Dictionary<string, string> FilterTags { get; init; } = [];
}
