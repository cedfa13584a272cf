using Balsam.BatchJobs;

namespace Balsam.Sites;

/// <summary>One of the site user's jobs as the batch scheduler lists it (SPEC §4, scheduler service).</summary>
[GenerateSerializer, Alias("balsam.SchedulerJobStatus")]
public sealed record SchedulerJobStatus
{
    [Id(0)] public long SchedulerId { get; init; }

    /// <summary>The scheduler's state mapped onto the batch-job states (queued, running, finished, submit_failed).</summary>
    [Id(1)] public BatchJobState State { get; init; }

    [Id(2)] public string Queue { get; init; } = "";

    [Id(3)] public int NumNodes { get; init; }

    [Id(4)] public int WallTimeMin { get; init; }

    [Id(5)] public string Project { get; init; } = "";

    [Id(6)] public int TimeRemainingMin { get; init; }

    [Id(7)] public int QueuedTimeMin { get; init; }

    /// <summary>The scheduler's own state name and reason (e.g. <c>PENDING (Resources)</c>), shown to the user as is.</summary>
    [Id(8)] public string SchedulerState { get; init; } = "";
}
