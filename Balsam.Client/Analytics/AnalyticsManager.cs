using Balsam.Client.Queries;
using Balsam.States;

namespace Balsam.Client.Analytics;

/// <summary>
/// The SPEC §7 analytics over the user's events and batch jobs: fetches what a query matches, then computes the series
/// with <see cref="AnalyticsReports"/>.
/// <code>
/// var finished = await balsam.Analytics.ThroughputAsync(balsam.Events.Where(site: "polaris", tags: new() { ["exp"] = "a" }));
/// var nodesBusy = await balsam.Analytics.UtilizationAsync(balsam.Events.Where(site: "polaris"), nodeWeighting: true);
/// var nodesHeld = await balsam.Analytics.AvailableNodesAsync(balsam.BatchJobs.Where(site: "polaris"));
/// </code>
/// </summary>
public sealed class AnalyticsManager
{
    /// <summary>Job ids looked up per request when weighting by nodes.</summary>
    public const int JobLookupPageSize = 1_000;

    private readonly BalsamClient _client;

    internal AnalyticsManager(BalsamClient client) => _client = client;

    /// <summary>The cumulative count of the matching events to <paramref name="toState"/>, oldest first.</summary>
    /// <param name="events">The events to count from; its own <c>toState</c> filter, if any, still applies.</param>
    /// <param name="toState">The state counted (default JOB_FINISHED).</param>
    /// <param name="cancellationToken">Cancels the requests.</param>
    /// <returns>Times and the counts 1, 2, …, N; empty when none matched.</returns>
    public async Task<TimeSeries> ThroughputAsync(EventsQuery events, JobState toState = JobState.JobFinished, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        return AnalyticsReports.Throughput(await events.Where(toState: toState).ToListAsync(cancellationToken), toState);
    }

    /// <summary>
    /// How many of the matching events' jobs were running over time: +1 when a job enters RUNNING, −1 when it leaves;
    /// with <paramref name="nodeWeighting"/>, ± the job's <c>NumNodes / NodePackingCount</c> instead.
    /// </summary>
    /// <param name="events">The events to read; keep both the changes to and from RUNNING in it (no state filter).</param>
    /// <param name="nodeWeighting">Count nodes rather than jobs (the jobs are looked up by id, in pages).</param>
    /// <param name="cancellationToken">Cancels the requests.</param>
    /// <returns>The step series; empty when no event enters or leaves RUNNING.</returns>
    public async Task<TimeSeries> UtilizationAsync(EventsQuery events, bool nodeWeighting = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        var fetched = await events.ToListAsync(cancellationToken);
        if (!nodeWeighting)
        {
            return AnalyticsReports.Utilization(fetched);
        }

        var running = fetched.Where(e => e.To == JobState.Running || e.From == JobState.Running).Select(e => e.JobId).Distinct().ToList();
        var weights = new Dictionary<long, double>(running.Count);
        foreach (var page in running.Chunk(JobLookupPageSize))
        {
            await foreach (var job in _client.Jobs.Where(ids: page).WithCancellation(cancellationToken))
            {
                weights[job.Id] = (double)job.NumNodes / Math.Max(1, job.NodePackingCount);
            }
        }

        return AnalyticsReports.Utilization(fetched, weights);
    }

    /// <summary>How many nodes the matching batch jobs held over time, counting those with both a start and an end time.</summary>
    /// <param name="batchJobs">The batch jobs to read.</param>
    /// <param name="cancellationToken">Cancels the requests.</param>
    /// <returns>The step series; empty when no batch job has started and ended.</returns>
    public async Task<TimeSeries> AvailableNodesAsync(BatchJobsQuery batchJobs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batchJobs);
        return AnalyticsReports.AvailableNodes(await batchJobs.ToListAsync(cancellationToken));
    }
}
