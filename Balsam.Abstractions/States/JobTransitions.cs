using static Balsam.States.JobActor;
using static Balsam.States.JobState;

namespace Balsam.States;

/// <summary>
/// The one table of allowed job transitions (SPEC §2) and who may ask for each. A row reads: from this state, a job may
/// be moved to these, by these actors. The server's own rewrites (READY to STAGED_IN, POSTPROCESSED to JOB_FINISHED,
/// STAGED_OUT to JOB_FINISHED, and the skipped no-op hooks) follow from <see cref="JobStateMachine"/>, not from here.
/// Only a launcher moves a job to or from RUNNING (the service itself may time it out when its session ends).
/// </summary>
public static class JobTransitions
{
    private const JobActor Site = Processing | User;

    /// <summary>from -> (to, who may ask).</summary>
    public static readonly IReadOnlyDictionary<JobState, (JobState To, JobActor By)[]> Table = new Dictionary<JobState, (JobState, JobActor)[]>
    {
        //  from               to, by
        [Created]         = [(AwaitingParents, Server), (Ready, Server), (StagedIn, Server)],
        [AwaitingParents] = [(Ready, Server), (Failed, User | Server)],
        [Ready]           = [(StagedIn, Site), (Failed, Site)],
        [StagedIn]        = [(Preprocessed, Site), (Failed, Site)],
        [Preprocessed]    = [(Running, Launcher), (Failed, Site | Launcher)],
        [Running]         = [(RunDone, Launcher), (RunError, Launcher), (RunTimeout, Launcher | Server), (Failed, Launcher)],
        [RunDone]         = [(Postprocessed, Site), (RestartReady, Site), (Failed, Site)],
        [RunError]        = [(RestartReady, Site), (Postprocessed, Site), (Failed, Site)],
        [RunTimeout]      = [(RestartReady, Site), (Postprocessed, Site), (Failed, Site)],
        [RestartReady]    = [(Running, Launcher), (Failed, Site | Launcher)],
        [Postprocessed]   = [(StagedOut, Site), (JobFinished, Site), (Failed, Site)],
        [StagedOut]       = [(JobFinished, Site | Server)],
        [JobFinished]     = [(RestartReady, User)],
        [Failed]          = [(RestartReady, Site), (StagedIn, User)],
    };

    /// <summary>from -> the states it may move to, by anyone.</summary>
    public static readonly IReadOnlyDictionary<JobState, JobState[]> Allowed =
        Table.ToDictionary(row => row.Key, row => row.Value.Select(move => move.To).ToArray());

    /// <summary>Whether the table connects the two states at all.</summary>
    public static bool IsAllowed(JobState from, JobState to) => Allowed.TryGetValue(from, out var targets) && targets.Contains(to);

    /// <summary>Who may ask for the move; <see cref="JobActor.None"/> when the table does not connect the states.</summary>
    public static JobActor WhoMay(JobState from, JobState to) =>
        Table.TryGetValue(from, out var moves) ? moves.Where(m => m.To == to).Select(m => m.By).FirstOrDefault() : None;

    /// <summary>Whether <paramref name="actor"/> may ask for the move.</summary>
    public static bool MayMove(JobActor actor, JobState from, JobState to) => actor != None && (WhoMay(from, to) & actor) == actor;
}
