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

    /// <summary>With <see cref="State"/> = RUNNING: the session running the job (keeps its lease).</summary>
    [Id(11)] public long? SessionId { get; init; }

    public static JobPatch ToState(JobState state, string? data = null) => new() { State = state, StateData = data };
}
