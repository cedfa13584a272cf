namespace Balsam.BatchJobs;

/// <summary>A batch job as stored by the service (SPEC §1).</summary>
[GenerateSerializer, Alias("balsam.BatchJobRecord")]
public sealed record BatchJobRecord
{
    [Id(0)] public long Id { get; init; }

    [Id(1)] public long SiteId { get; init; }

    /// <summary>The scheduler's id once submitted (Slurm job id, PBS job number, process id for the local scheduler).</summary>
    [Id(2)] public long? SchedulerId { get; init; }

    [Id(3)] public required string Project { get; init; }

    [Id(4)] public required string Queue { get; init; }

    [Id(5)] public int NumNodes { get; init; }

    [Id(6)] public int WallTimeMin { get; init; }

    [Id(7)] public JobMode JobMode { get; init; }

    [Id(8)] public Dictionary<string, string> OptionalParams { get; init; } = [];

    [Id(9)] public Dictionary<string, string> FilterTags { get; init; } = [];

    [Id(10)] public List<BatchJobPartition> Partitions { get; init; } = [];

    [Id(11)] public BatchJobState State { get; init; }

    /// <summary>What the site and the scheduler said: <c>error</c> (the scheduler's own message), <c>submit_script</c>, times.</summary>
    [Id(12)] public Dictionary<string, string> StatusInfo { get; init; } = [];

    [Id(13)] public DateTimeOffset? StartTime { get; init; }

    [Id(14)] public DateTimeOffset? EndTime { get; init; }

    [Id(15)] public DateTimeOffset CreatedAt { get; init; }

    [Id(16)] public DateTimeOffset LastUpdate { get; init; }
}
