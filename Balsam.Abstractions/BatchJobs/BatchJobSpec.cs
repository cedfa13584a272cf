namespace Balsam.BatchJobs;

/// <summary>A new batch job: an allocation request for a site (SPEC §1). Created in <see cref="BatchJobState.PendingSubmission"/>.</summary>
[GenerateSerializer, Alias("balsam.BatchJobSpec")]
public sealed record BatchJobSpec
{
    [Id(0)] public long SiteId { get; init; }

    /// <summary>The allocation (account) charged; one of the site's allowed projects.</summary>
    [Id(1)] public string Project { get; init; } = "";

    /// <summary>One of the site's allowed queues.</summary>
    [Id(2)] public string Queue { get; init; } = "";

    [Id(3)] public int NumNodes { get; init; }

    [Id(4)] public int WallTimeMin { get; init; }

    [Id(5)] public JobMode JobMode { get; init; } = JobMode.Mpi;

    /// <summary>Extra job-template parameters; names must be among the site's optional batch-job parameters.</summary>
    [Id(6)] public Dictionary<string, string> OptionalParams { get; init; } = [];

    /// <summary>Its launchers run only jobs whose tags contain all of these.</summary>
    [Id(7)] public Dictionary<string, string> FilterTags { get; init; } = [];

    /// <summary>Empty: one launcher over all nodes. Otherwise the node counts add up to <see cref="NumNodes"/>.</summary>
    [Id(8)] public List<BatchJobPartition> Partitions { get; init; } = [];
}
