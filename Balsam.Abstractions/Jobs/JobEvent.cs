using Balsam.States;

namespace Balsam.Jobs;

/// <summary>One state change of a job (SPEC LogEvent). <see cref="Data"/> is a JSON object; <see cref="Id"/> is set once stored.</summary>
[GenerateSerializer, Alias("balsam.JobEvent")]
public sealed record JobEvent(
    [property: Id(0)] long JobId,
    [property: Id(1)] DateTimeOffset Timestamp,
    [property: Id(2)] JobState From,
    [property: Id(3)] JobState To,
    [property: Id(4)] string Data,
    [property: Id(5)] long Id = 0);
