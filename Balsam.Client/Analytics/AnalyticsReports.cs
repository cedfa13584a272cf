using Balsam.BatchJobs;
using Balsam.Client.BatchJobs;
using Balsam.Jobs;
using Balsam.States;

namespace Balsam.Client.Analytics;

/// <summary>
/// The SPEC §7 analytics as pure functions over events and batch jobs already fetched (the
/// <see cref="AnalyticsManager"/> fetches them): throughput, utilization and available nodes.
/// <code>
/// var events = await balsam.Events.Where(site: "polaris").ToListAsync();
/// TimeSeries finished = AnalyticsReports.Throughput(events);
/// TimeSeries running = AnalyticsReports.Utilization(events);
/// </code>
/// </summary>
public static class AnalyticsReports
{
    /// <summary>
    /// The cumulative count of changes to <paramref name="toState"/>: one point per such event, oldest first, valued
    /// 1, 2, …, N (Balsam's <c>throughput_report</c>).
    /// </summary>
    /// <param name="events">Events in any order; those to other states are ignored.</param>
    /// <param name="toState">The state counted.</param>
    /// <returns>The series; empty when no event reaches the state.</returns>
    public static TimeSeries Throughput(IEnumerable<JobEvent> events, JobState toState = JobState.JobFinished)
    {
        var times = events.Where(e => e.To == toState).Select(e => e.Timestamp).Order().ToList();
        return new TimeSeries(times, [.. Enumerable.Range(1, times.Count).Select(n => (double)n)]);
    }

    /// <summary>
    /// How many jobs (or nodes) were running over time (Balsam's <c>utilization_report</c>): a step series that rises
    /// by a job's weight when it enters RUNNING and falls by it when it leaves RUNNING, one point per such event.
    /// </summary>
    /// <param name="events">Events in any order; those neither to nor from RUNNING are ignored.</param>
    /// <param name="weights">
    /// The weight of each job by id, e.g. its nodes (<c>num_nodes / node_packing_count</c>); null counts every job as 1,
    /// and so does a job missing from it.
    /// </param>
    /// <returns>The series; empty when no event enters or leaves RUNNING.</returns>
    public static TimeSeries Utilization(IEnumerable<JobEvent> events, IReadOnlyDictionary<long, double>? weights = null)
    {
        var steps = events
            .Where(e => (e.To == JobState.Running) != (e.From == JobState.Running))
            .Select(e => (e.Timestamp, Change: (e.To == JobState.Running ? 1 : -1) * WeightOf(e.JobId, weights)))
            .OrderBy(step => step.Timestamp);
        return Accumulate(steps);
    }

    /// <summary>
    /// How many nodes the batch jobs held over time (Balsam's <c>available_nodes</c>): +<c>NumNodes</c> at each start
    /// and −<c>NumNodes</c> at each end, for the batch jobs that have both a start and an end time.
    /// </summary>
    /// <param name="batchJobs">Batch jobs in any order; those not started or not ended are ignored.</param>
    /// <returns>The series; empty when no batch job has both times.</returns>
    public static TimeSeries AvailableNodes(IEnumerable<BatchJobRecord> batchJobs)
    {
        var steps = batchJobs
            .Where(b => b.StartTime is not null && b.EndTime is not null)
            .SelectMany(b => new[] { (Timestamp: b.StartTime!.Value, Change: (double)b.NumNodes), (Timestamp: b.EndTime!.Value, Change: (double)-b.NumNodes) })
            .OrderBy(step => step.Timestamp);
        return Accumulate(steps);
    }

    /// <summary>The same as <see cref="AvailableNodes(IEnumerable{BatchJobRecord})"/> for batch jobs read through the SDK.</summary>
    /// <param name="batchJobs">Batch jobs in any order; those not started or not ended are ignored.</param>
    /// <returns>The series; empty when no batch job has both times.</returns>
    public static TimeSeries AvailableNodes(IEnumerable<BatchJob> batchJobs) => AvailableNodes(batchJobs.Select(b => b.Record));

    private static double WeightOf(long jobId, IReadOnlyDictionary<long, double>? weights) =>
        weights is not null && weights.TryGetValue(jobId, out var weight) ? weight : 1;

    private static TimeSeries Accumulate(IEnumerable<(DateTimeOffset Timestamp, double Change)> orderedSteps)
    {
        var times = new List<DateTimeOffset>();
        var values = new List<double>();
        var total = 0.0;
        foreach (var (timestamp, change) in orderedSteps)
        {
            total += change;
            times.Add(timestamp);
            values.Add(total);
        }

        return new TimeSeries(times, values);
    }
}
