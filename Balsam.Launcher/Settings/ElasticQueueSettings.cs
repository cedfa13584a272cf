namespace Balsam.Launcher.Settings;

/// <summary>
/// <c>elastic_queue</c> (off when null): submits batch jobs sized to the runnable work (SPEC §4). Project, queue and the
/// node ceiling have no defaults: they name this site's allocation.
/// </summary>
public sealed record ElasticQueueSettings
{
    public static IReadOnlyList<string> JobModes => Balsam.BatchJobs.JobModeNames.All;

    /// <summary>Seconds between cycles.</summary>
    public int ServicePeriod { get; init; } = 60;

    /// <summary>Project of the batch jobs it submits (one of scheduler.allowed_projects).</summary>
    public required string SubmitProject { get; init; }

    /// <summary>Queue of the batch jobs it submits (one of scheduler.allowed_queues).</summary>
    public required string SubmitQueue { get; init; }

    /// <summary>mpi or serial.</summary>
    public string JobMode { get; init; } = "mpi";

    /// <summary>Tags of the jobs its batch jobs run (and that it counts).</summary>
    public Dictionary<string, string> FilterTags { get; init; } = [];

    /// <summary>Size batch jobs to the scheduler's backfill windows.</summary>
    public bool UseBackfill { get; init; } = true;

    public int MinWallTimeMin { get; init; } = 35;

    public int MaxWallTimeMin { get; init; } = 360;

    /// <summary>Minutes taken off a window's length for the batch job's wall time; less than min_wall_time_min.</summary>
    public int WallTimePadMin { get; init; } = 5;

    public int MinNumNodes { get; init; } = 1;

    public required int MaxNumNodes { get; init; }

    /// <summary>Queued batch jobs older than this are deleted (and submitted again sized to the work).</summary>
    public int MaxQueueWaitTimeMin { get; init; } = 10;

    /// <summary>Most of its batch jobs queued or running at once.</summary>
    public int MaxQueuedJobs { get; init; } = 20;
}
