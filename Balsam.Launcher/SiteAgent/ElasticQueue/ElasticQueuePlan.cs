using Balsam.BatchJobs;

namespace Balsam.Launcher.SiteAgent.ElasticQueue;

/// <summary>The outcome of one cycle: at most one batch job to create, queued ones to delete, and why, in words.</summary>
public sealed record ElasticQueuePlan
{
    /// <summary>The batch job to create (site id left 0 for the caller), or null.</summary>
    public BatchJobSpec? Submit { get; init; }

    /// <summary>Queued batch jobs that waited longer than <c>max_queue_wait_time_min</c>.</summary>
    public IReadOnlyList<long> Delete { get; init; } = [];

    /// <summary>Why it submits or not (logged each cycle).</summary>
    public required string Reason { get; init; }
}
