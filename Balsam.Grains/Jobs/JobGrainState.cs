namespace Balsam.Jobs;

/// <summary>
/// What a job grain persists: its row, and the events and side effects of the change being written, which the job
/// store commits in the same transaction and then clears.
/// </summary>
public sealed class JobGrainState
{
    public JobRecord? Job { get; set; }

    public List<JobEvent> PendingEvents { get; set; } = [];

    /// <summary>Move the job's stage-out items from awaiting_job to pending in the same commit.</summary>
    public bool ReleaseStageOut { get; set; }

    /// <summary>Set by the store after a write: the job is JOB_FINISHED and has children (who may wait for it).</summary>
    public bool FinishedWithChildren { get; set; }
}
