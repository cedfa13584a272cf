using Balsam.BatchJobs;

namespace Balsam.Launcher.Scheduling.Lsf;

/// <summary>Every IBM Spectrum LSF job state (<c>STAT</c>) mapped onto a batch-job state.</summary>
internal static class LsfStates
{
    private static readonly Dictionary<string, BatchJobState> Map = new(StringComparer.OrdinalIgnoreCase)
    {
        ["PEND"] = BatchJobState.Queued,
        ["PSUSP"] = BatchJobState.Queued,
        ["WAIT"] = BatchJobState.Queued,
        ["RUN"] = BatchJobState.Running,
        ["PROV"] = BatchJobState.Running,
        ["USUSP"] = BatchJobState.Running,
        ["SSUSP"] = BatchJobState.Running,
        // LSF lost contact with the execution host: the job may still run there.
        ["UNKWN"] = BatchJobState.Running,
        ["DONE"] = BatchJobState.Finished,
        ["EXIT"] = BatchJobState.Finished,
        ["ZOMBI"] = BatchJobState.Finished,
    };

    /// <summary>The mapped state; an unknown state keeps the job, as queued.</summary>
    public static (BatchJobState State, bool Known) Of(string stat) =>
        Map.TryGetValue(stat.Trim(), out var state) ? (state, true) : (BatchJobState.Queued, false);
}
