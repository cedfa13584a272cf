using Balsam.States;

namespace Balsam.Jobs;

/// <summary>A filter over job events (SPEC §7 EventLog filters), ordered by time.</summary>
[GenerateSerializer, Alias("balsam.EventQuery")]
public sealed record EventQuery
{
    [Id(0)] public List<long>? JobIds { get; init; }

    [Id(1)] public long? SiteId { get; init; }

    [Id(2)] public long? BatchJobId { get; init; }

    [Id(3)] public Dictionary<string, string>? Tags { get; init; }

    [Id(4)] public JobState? FromState { get; init; }

    [Id(5)] public JobState? ToState { get; init; }

    [Id(6)] public DateTimeOffset? After { get; init; }

    [Id(7)] public DateTimeOffset? Before { get; init; }

    [Id(8)] public bool Descending { get; init; }

    [Id(9)] public int? Limit { get; init; }

    [Id(10)] public int Offset { get; init; }

    /// <summary>Events of jobs at any of these sites (the SDK scopes every query to the caller's sites).</summary>
    [Id(11)] public List<long>? SiteIds { get; init; }

    /// <summary>Events of jobs that last ran in the batch job the scheduler knows by this id (at the job's own site).</summary>
    [Id(12)] public long? SchedulerId { get; init; }

    /// <summary>Events with these ids.</summary>
    [Id(13)] public List<long>? Ids { get; init; }

    /// <summary>All given pairs must be present (as strings) in the event's data.</summary>
    [Id(14)] public Dictionary<string, string>? Data { get; init; }
}
