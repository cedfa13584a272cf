using Balsam.BatchJobs;

namespace Balsam.Launcher.Scheduling.Slurm;

/// <summary>Every Slurm 22.05 job state (squeue <c>%T</c>) mapped onto a batch-job state.</summary>
internal static class SlurmStates
{
    private static readonly Dictionary<string, BatchJobState> Map = new(StringComparer.OrdinalIgnoreCase)
    {
        // Waiting for an allocation (held, requeued or not yet scheduled).
        ["PENDING"] = BatchJobState.Queued,
        ["REQUEUED"] = BatchJobState.Queued,
        ["REQUEUE_HOLD"] = BatchJobState.Queued,
        ["REQUEUE_FED"] = BatchJobState.Queued,
        ["RESV_DEL_HOLD"] = BatchJobState.Queued,
        ["SPECIAL_EXIT"] = BatchJobState.Queued,

        // Holding its allocation.
        ["RUNNING"] = BatchJobState.Running,
        ["CONFIGURING"] = BatchJobState.Running,
        ["COMPLETING"] = BatchJobState.Running,
        ["SIGNALING"] = BatchJobState.Running,
        ["STAGE_OUT"] = BatchJobState.Running,
        ["RESIZING"] = BatchJobState.Running,
        ["SUSPENDED"] = BatchJobState.Running,
        ["STOPPED"] = BatchJobState.Running,

        // Ended, whatever the reason.
        ["COMPLETED"] = BatchJobState.Finished,
        ["CANCELLED"] = BatchJobState.Finished,
        ["FAILED"] = BatchJobState.Finished,
        ["TIMEOUT"] = BatchJobState.Finished,
        ["NODE_FAIL"] = BatchJobState.Finished,
        ["PREEMPTED"] = BatchJobState.Finished,
        ["OUT_OF_MEMORY"] = BatchJobState.Finished,
        ["DEADLINE"] = BatchJobState.Finished,
        ["BOOT_FAIL"] = BatchJobState.Finished,
        ["REVOKED"] = BatchJobState.Finished,
    };

    /// <summary>
    /// The mapped state; a state this table does not know keeps the job listed as queued (nothing is started or ended
    /// on a guess) and says so in the shown name.
    /// </summary>
    public static (BatchJobState State, bool Known) Of(string slurmState)
    {
        // sacct/scontrol write e.g. "CANCELLED by 0"; squeue %T is the bare name.
        var name = slurmState.Trim().Split(' ', 2)[0];
        return Map.TryGetValue(name, out var state) ? (state, true) : (BatchJobState.Queued, false);
    }
}
