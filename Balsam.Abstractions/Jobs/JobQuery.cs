using Balsam.States;

namespace Balsam.Jobs;

/// <summary>
/// A filter over jobs, with order and paging. Every set filter must match; list-valued filters match any element.
/// </summary>
[GenerateSerializer, Alias("balsam.JobQuery")]
public sealed record JobQuery
{
    [Id(0)] public List<long>? Ids { get; init; }

    [Id(1)] public List<long>? SiteIds { get; init; }

    [Id(2)] public List<long>? AppIds { get; init; }

    [Id(3)] public List<string>? AppNames { get; init; }

    [Id(4)] public List<JobState>? States { get; init; }

    /// <summary>All given pairs must be present in the job's tags.</summary>
    [Id(5)] public Dictionary<string, string>? Tags { get; init; }

    /// <summary>The workdir contains this text.</summary>
    [Id(6)] public string? WorkdirContains { get; init; }

    /// <summary>All given parameters must have these values (JSON literals, as in <see cref="JobSpec.Parameters"/>).</summary>
    [Id(7)] public Dictionary<string, string>? Parameters { get; init; }

    /// <summary>Jobs that have this job among their parents.</summary>
    [Id(8)] public long? ParentId { get; init; }

    [Id(9)] public long? BatchJobId { get; init; }

    [Id(10)] public DateTimeOffset? LastUpdateAfter { get; init; }

    [Id(11)] public DateTimeOffset? LastUpdateBefore { get; init; }

    [Id(12)] public DateTimeOffset? CreatedAfter { get; init; }

    [Id(13)] public DateTimeOffset? CreatedBefore { get; init; }

    [Id(14)] public bool? PendingFileCleanup { get; init; }

    /// <summary>(ours) Waiting jobs with a parent that FAILED or no longer exists, so they cannot go on by themselves.</summary>
    [Id(15)] public bool? BlockedByFailedParent { get; init; }

    [Id(16)] public JobOrderField OrderBy { get; init; } = JobOrderField.Id;

    [Id(17)] public bool Descending { get; init; }

    /// <summary>At most this many rows; null for all (capped by <see cref="MaxPageSize"/>).</summary>
    [Id(18)] public int? Limit { get; init; }

    [Id(19)] public int Offset { get; init; }

    /// <summary>Jobs that have at least one of these jobs among their parents (Balsam's <c>parent_id</c> list).</summary>
    [Id(20)] public List<long>? ParentIds { get; init; }

    public const int MaxPageSize = 100_000;
}
