using Balsam.States;

namespace Balsam.Sessions;

/// <summary>What a launcher or the processing service asks for (SPEC §3 acquire parameters).</summary>
[GenerateSerializer, Alias("balsam.AcquireRequest")]
public sealed record AcquireRequest
{
    [Id(0)] public int MaxJobs { get; init; } = 100;

    /// <summary>States to acquire; null means the runnable ones (PREPROCESSED, RESTART_READY).</summary>
    [Id(1)] public List<JobState>? States { get; init; }

    /// <summary>All pairs must be present in a job's tags.</summary>
    [Id(2)] public Dictionary<string, string> FilterTags { get; init; } = [];

    [Id(3)] public List<long>? AppIds { get; init; }

    [Id(4)] public int? MaxWallTimeMin { get; init; }

    [Id(5)] public int? MaxNodesPerJob { get; init; }

    /// <summary>Only single-node, single-rank jobs.</summary>
    [Id(6)] public bool SerialOnly { get; init; }

    /// <summary>The node budget: jobs are taken in order while Σ num_nodes / node_packing_count stays within it.</summary>
    [Id(7)] public double? MaxAggregateNodes { get; init; }

    [Id(8)] public AcquireOrder Order { get; init; } = AcquireOrder.Default;

    /// <summary>
    /// Jobs that need whole nodes (node_packing_count 1) may need at most this many: the launcher's entirely idle
    /// nodes. Packed single-node jobs may still share a partly used node. Null: no such limit.
    /// </summary>
    [Id(9)] public int? MaxWholeNodesPerJob { get; init; }

    /// <summary>
    /// Also hand back jobs in the requested states that this session already holds. After an acquire whose answer was
    /// lost (the service died after the lease was written), the caller asks once more with this set and keeps the jobs
    /// it does not know: without it they would stay leased to a live session and never run.
    /// </summary>
    [Id(10)] public bool Reclaim { get; init; }

    /// <summary>
    /// Which apps' jobs to lease: our launcher leaves Python apps' jobs to Balsam's Python launcher, which (over REST)
    /// takes only those.
    /// </summary>
    [Id(11)] public AcquireAppKinds AppKinds { get; init; }

    public const int MaxJobsLimit = 10_000;
}
