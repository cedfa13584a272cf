using Balsam.BatchJobs;
using Balsam.Client.Sites;

namespace Balsam.Client.BatchJobs;

/// <summary>
/// A new batch job (a pilot allocation) for <see cref="BatchJobManager.CreateAsync(BatchJobRequest, CancellationToken)"/>:
/// the site by name, id or <see cref="Balsam.Sites.SiteInfo"/>, and the shape of the allocation.
/// <code>
/// await balsam.BatchJobs.CreateAsync(new BatchJobRequest
/// {
///     Site = "polaris", NumNodes = 2, WallTimeMin = 30, JobMode = JobMode.Mpi, Queue = "debug", Project = "p",
/// });
/// </code>
/// (Named <c>BatchJobRequest</c> rather than <c>BatchJobSpec</c> so that it never clashes with the service's
/// <see cref="BatchJobSpec"/> when both <c>Balsam.BatchJobs</c> and <c>Balsam.Client.BatchJobs</c> are imported.)
/// </summary>
public sealed record BatchJobRequest
{
    /// <summary>The site whose scheduler runs the allocation: a name, an id or a site.</summary>
    public SiteRef? Site { get; init; }

    /// <summary>The allocation (account) charged; one of the site's allowed projects.</summary>
    public string Project { get; init; } = "";

    /// <summary>The scheduler queue; one of the site's allowed queues, whose node and wall-time limits apply.</summary>
    public string Queue { get; init; } = "";

    /// <summary>Nodes of the allocation (at least 1, at most the queue's limit).</summary>
    public int NumNodes { get; init; }

    /// <summary>Wall time in minutes (at least 1, at most the queue's limit).</summary>
    public int WallTimeMin { get; init; }

    /// <summary>How its launcher runs jobs; <see cref="JobMode.Mpi"/> unless set.</summary>
    public JobMode JobMode { get; init; } = JobMode.Mpi;

    /// <summary>Extra job-template parameters; names must be among the site's optional batch-job parameters.</summary>
    public Dictionary<string, string> OptionalParams { get; init; } = [];

    /// <summary>Its launchers run only jobs whose tags contain all of these.</summary>
    public Dictionary<string, string> FilterTags { get; init; } = [];

    /// <summary>Empty: one launcher over all nodes. Otherwise one launcher per partition; node counts add up to <see cref="NumNodes"/>.</summary>
    public List<BatchJobPartition> Partitions { get; init; } = [];

    /// <summary>The service's spec for the resolved site.</summary>
    internal BatchJobSpec ToSpec(long siteId) => new()
    {
        SiteId = siteId,
        Project = Project,
        Queue = Queue,
        NumNodes = NumNodes,
        WallTimeMin = WallTimeMin,
        JobMode = JobMode,
        OptionalParams = new(OptionalParams),
        FilterTags = new(FilterTags),
        Partitions = [.. Partitions],
    };
}
