using Balsam.BatchJobs;

namespace Balsam.Launcher.Scheduling.Cobalt;

/// <summary>Cobalt job states (qstat <c>State</c>) mapped onto batch-job states.</summary>
internal static class CobaltStates
{
    private static readonly Dictionary<string, BatchJobState> Map = new(StringComparer.OrdinalIgnoreCase)
    {
        ["queued"] = BatchJobState.Queued,
        ["starting"] = BatchJobState.Queued,
        ["user_hold"] = BatchJobState.Queued,
        ["admin_hold"] = BatchJobState.Queued,
        ["dep_hold"] = BatchJobState.Queued,
        ["maxrun_hold"] = BatchJobState.Queued,
        ["running"] = BatchJobState.Running,
        ["exiting"] = BatchJobState.Running,
        ["killing"] = BatchJobState.Running,
        ["finished"] = BatchJobState.Finished,
        ["done"] = BatchJobState.Finished,

        // A dependency failed or the job failed to start: it will never run.
        ["dep_fail"] = BatchJobState.SubmitFailed,
        ["failed"] = BatchJobState.SubmitFailed,
    };

    public static (BatchJobState State, bool Known) Of(string state) =>
        Map.TryGetValue(state.Trim(), out var mapped) ? (mapped, true) : (BatchJobState.Queued, false);
}
