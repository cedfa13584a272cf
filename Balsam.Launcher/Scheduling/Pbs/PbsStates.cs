using Balsam.BatchJobs;

namespace Balsam.Launcher.Scheduling.Pbs;

/// <summary>Every PBS Professional / OpenPBS job state letter mapped onto a batch-job state.</summary>
internal static class PbsStates
{
    private static readonly Dictionary<string, (BatchJobState State, string Meaning)> Map = new(StringComparer.Ordinal)
    {
        ["Q"] = (BatchJobState.Queued, "queued"),
        ["H"] = (BatchJobState.Queued, "held"),
        ["W"] = (BatchJobState.Queued, "waiting for its start time"),
        ["T"] = (BatchJobState.Queued, "in transit"),
        ["M"] = (BatchJobState.Queued, "moved to another server"),
        ["R"] = (BatchJobState.Running, "running"),
        ["E"] = (BatchJobState.Running, "exiting"),
        ["B"] = (BatchJobState.Running, "array job begun"),
        ["S"] = (BatchJobState.Running, "suspended"),
        ["U"] = (BatchJobState.Running, "suspended: workstation busy"),
        ["F"] = (BatchJobState.Finished, "finished"),
        ["X"] = (BatchJobState.Finished, "subjob finished"),
    };

    /// <summary>The mapped state and the name shown to users; an unknown letter keeps the job, as queued.</summary>
    public static (BatchJobState State, string Shown) Of(string letter) =>
        Map.TryGetValue(letter.Trim(), out var known)
            ? (known.State, $"{letter.Trim()} ({known.Meaning})")
            : (BatchJobState.Queued, letter.Trim() + SchedulerStateText.UnknownSuffix);
}
