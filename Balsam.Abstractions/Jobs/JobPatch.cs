using Balsam.States;

namespace Balsam.Jobs;

/// <summary>A change to a job: only the fields that are set change. Parents, app and transfers cannot change.</summary>
[GenerateSerializer, Alias("balsam.JobPatch")]
public sealed record JobPatch
{
    [Id(0)] public JobState? State { get; init; }

    /// <summary>Data for the state change's event (a JSON object).</summary>
    [Id(1)] public string? StateData { get; init; }

    [Id(2)] public DateTimeOffset? StateTimestamp { get; init; }

    [Id(3)] public Dictionary<string, string>? Tags { get; init; }

    /// <summary>Replaces the job's data (a JSON object).</summary>
    [Id(4)] public string? Data { get; init; }

    [Id(5)] public JobResources? Resources { get; init; }

    [Id(6)] public int? ReturnCode { get; init; }

    [Id(7)] public long? BatchJobId { get; init; }

    [Id(8)] public bool? PendingFileCleanup { get; init; }

    [Id(9)] public string? ReturnValue { get; init; }

    [Id(10)] public string? Exception { get; init; }

    /// <summary>
    /// The session that holds the job's lease and reports this change (launcher and processing reports). A report is
    /// fenced: the job refuses it unless this session holds the job, and a resent report is a success, not an error.
    /// </summary>
    [Id(11)] public long? SessionId { get; init; }

    /// <summary>
    /// Who asks (a column of <see cref="JobTransitions"/>): a user when unset and no <see cref="SessionId"/> is given,
    /// a launcher when unset and a session is given.
    /// </summary>
    [Id(12)] public JobActor? Actor { get; init; }

    /// <summary>
    /// A second change of the same actor applied right after this one, in the same write: a launcher's RUNNING report
    /// and the run's end, when both are still waiting to be sent, cost the job one store write instead of two. Each
    /// change is checked against the transition table on its own; if either is refused, neither is stored.
    /// </summary>
    [Id(13)] public JobPatch? Then { get; init; }

    /// <summary>Fields set back to nothing (applied before this patch's own values, so a value given as well wins).</summary>
    [Id(14)] public JobClearableFields Clear { get; init; }

    /// <summary>The actor this patch speaks for.</summary>
    public JobActor EffectiveActor => Actor ?? (SessionId is null ? JobActor.User : JobActor.Launcher);

    /// <summary>This change followed by <paramref name="next"/> (after any change already chained to this one).</summary>
    public JobPatch Followed(JobPatch next) => this with { Then = Then is null ? next : Then.Followed(next) };

    /// <summary>This change and the ones chained to it, in order.</summary>
    public IEnumerable<JobPatch> Chain()
    {
        for (var patch = this; patch is not null; patch = patch.Then)
        {
            yield return patch;
        }
    }

    public static JobPatch ToState(JobState state, string? data = null) => new() { State = state, StateData = data };

    /// <summary>A report of a session that holds the job (launcher or processing).</summary>
    public static JobPatch Report(long sessionId, JobActor actor, JobState state, string? data = null) =>
        new() { State = state, StateData = data, SessionId = sessionId, Actor = actor };
}
