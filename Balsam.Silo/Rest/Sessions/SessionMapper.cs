using Balsam.Sessions;
using Balsam.Silo.Rest.Jobs;
using Balsam.Validation;

namespace Balsam.Silo.Rest.Sessions;

/// <summary>Maps Balsam's session shapes to and from our session contracts.</summary>
public static class SessionMapper
{
    public static SessionOut ToOut(SessionInfo s) => new() { Id = s.Id, SiteId = s.SiteId, BatchJobId = s.BatchJobId, Heartbeat = s.Heartbeat };

    /// <summary>
    /// Balsam's acquire parameters as our <see cref="AcquireRequest"/>: 0 or null wall time and node limits mean no limit,
    /// a null node budget takes jobs without packing them, and only <c>long_large_first</c> changes the packing order.
    /// </summary>
    public static AcquireRequest ToRequest(SessionAcquireIn a)
    {
        var errors = new ValidationCollector("acquire");
        errors.Require(a.MaxNumJobs is >= 1 and <= SessionAcquireIn.MaxJobsPerAcquire, "max_num_jobs",
            $"must be between 1 and {SessionAcquireIn.MaxJobsPerAcquire} (got {a.MaxNumJobs})");
        var states = a.States?.Select(s => JobMapper.ParseState(s, errors)).OfType<States.JobState>().Distinct().ToList();
        errors.ThrowIfAny();
        return new AcquireRequest
        {
            MaxJobs = a.MaxNumJobs,
            States = states is { Count: > 0 } ? states : null,
            FilterTags = a.FilterTags,
            AppIds = a.AppIds is { Count: > 0 } apps ? [.. apps.Distinct()] : null,
            MaxWallTimeMin = a.MaxWallTimeMin is > 0 ? a.MaxWallTimeMin : null,
            MaxNodesPerJob = a.MaxNodesPerJob is > 0 ? a.MaxNodesPerJob : null,
            SerialOnly = a.SerialOnly,
            MaxAggregateNodes = a.MaxAggregateNodes,
            Order = a.SortBy == "long_large_first" ? AcquireOrder.LongLargeFirst : AcquireOrder.Default,
            AppKinds = AcquireAppKinds.PythonOnly, // Balsam's site agent and launcher load Python classes: nothing else runs there
        };
    }
}
