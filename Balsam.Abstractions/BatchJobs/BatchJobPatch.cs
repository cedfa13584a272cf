namespace Balsam.BatchJobs;

/// <summary>A change to a batch job; null fields stay as they are. <see cref="StatusInfo"/> entries are merged in.</summary>
[GenerateSerializer, Alias("balsam.BatchJobPatch")]
public sealed record BatchJobPatch
{
    [Id(0)] public BatchJobState? State { get; init; }

    [Id(1)] public long? SchedulerId { get; init; }

    [Id(2)] public Dictionary<string, string>? StatusInfo { get; init; }

    [Id(3)] public DateTimeOffset? StartTime { get; init; }

    [Id(4)] public DateTimeOffset? EndTime { get; init; }

    /// <summary>Apply only if the batch job is in this state (else a validation error names both): the site marks a
    /// submission it is about to make, the elastic queue withdraws only a batch job that is still queued.</summary>
    [Id(5)] public BatchJobState? ExpectedState { get; init; }

    public static BatchJobPatch ToState(BatchJobState state) => new() { State = state };
}
