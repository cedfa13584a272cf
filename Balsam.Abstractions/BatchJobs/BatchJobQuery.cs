namespace Balsam.BatchJobs;

/// <summary>A filter over batch jobs, with order and paging (SPEC §7). Every set filter must match.</summary>
[GenerateSerializer, Alias("balsam.BatchJobQuery")]
public sealed record BatchJobQuery
{
    [Id(0)] public List<long>? Ids { get; init; }

    [Id(1)] public List<long>? SiteIds { get; init; }

    [Id(2)] public List<BatchJobState>? States { get; init; }

    [Id(3)] public long? SchedulerId { get; init; }

    [Id(4)] public string? Queue { get; init; }

    /// <summary>All given pairs must be among the batch job's filter tags.</summary>
    [Id(5)] public Dictionary<string, string>? FilterTags { get; init; }

    [Id(6)] public DateTimeOffset? StartTimeAfter { get; init; }

    [Id(7)] public DateTimeOffset? StartTimeBefore { get; init; }

    [Id(8)] public DateTimeOffset? EndTimeAfter { get; init; }

    [Id(9)] public DateTimeOffset? EndTimeBefore { get; init; }

    [Id(10)] public BatchJobOrderField OrderBy { get; init; } = BatchJobOrderField.Id;

    [Id(11)] public bool Descending { get; init; }

    /// <summary>At most this many rows; null for all (capped by <see cref="MaxPageSize"/>).</summary>
    [Id(12)] public int? Limit { get; init; }

    [Id(13)] public int Offset { get; init; }

    public const int MaxPageSize = 10_000;
}
