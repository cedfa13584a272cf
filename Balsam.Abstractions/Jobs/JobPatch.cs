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

    /// <summary>The actor this patch speaks for.</summary>
    public JobActor EffectiveActor => Actor ?? (SessionId is null ? JobActor.User : JobActor.Launcher);

    public static JobPatch ToState(JobState state, string? data = null) => new() { State = state, StateData = data };

    /// <summary>A report of a session that holds the job (launcher or processing).</summary>
    public static JobPatch Report(long sessionId, JobActor actor, JobState state, string? data = null) =>
        new() { State = state, StateData = data, SessionId = sessionId, Actor = actor };
}
