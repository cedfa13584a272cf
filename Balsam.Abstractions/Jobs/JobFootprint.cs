namespace Balsam.Jobs;

/// <summary>
/// How much of an allocation a set of jobs fills (SPEC §4 elastic queue): their number, Σ num_nodes / node_packing_count,
/// and the fewest nodes any of them needs (0 when there are none).
/// </summary>
[GenerateSerializer, Alias("balsam.JobFootprint")]
public sealed record JobFootprint(
    [property: Id(0)] long Count,
    [property: Id(1)] double Nodes,
    [property: Id(2)] int SmallestNumNodes);
