using static Balsam.States.JobState;

namespace Balsam.States;

/// <summary>
/// The one table of allowed job transitions (SPEC §2). Each row reads: from this state, a job may be moved to these.
/// The server's own rewrites (READY to STAGED_IN, POSTPROCESSED to JOB_FINISHED, STAGED_OUT to JOB_FINISHED, and the
/// skipped no-op hooks) follow from <see cref="JobStateMachine"/>, not from this table.
/// </summary>
public static class JobTransitions
{
    public static readonly IReadOnlyDictionary<JobState, JobState[]> Allowed = new Dictionary<JobState, JobState[]>
    {
        //  from               to
        [Created]         = [AwaitingParents, Ready, StagedIn],
        [AwaitingParents] = [Ready, Failed],
        [Ready]           = [StagedIn, Failed],
        [StagedIn]        = [Preprocessed, Failed],
        [Preprocessed]    = [Running, Failed],
        [Running]         = [RunDone, RunError, RunTimeout, Failed],
        [RunDone]         = [Postprocessed, RestartReady, Failed],
        [RunError]        = [RestartReady, Postprocessed, Failed],
        [RunTimeout]      = [RestartReady, Postprocessed, Failed],
        [RestartReady]    = [Running, Failed],
        [Postprocessed]   = [StagedOut, JobFinished, Failed],
        [StagedOut]       = [JobFinished],
        [JobFinished]     = [RestartReady],
        [Failed]          = [RestartReady, StagedIn],
    };

    public static bool IsAllowed(JobState from, JobState to) => Allowed.TryGetValue(from, out var targets) && targets.Contains(to);
}
