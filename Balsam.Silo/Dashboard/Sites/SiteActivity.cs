using Balsam.Client.Analytics;
using Balsam.Jobs;
using Balsam.States;

namespace Balsam.Silo.Dashboard.Sites;

/// <summary>
/// A site's throughput and utilization over the last hours: the series of <c>balsam report throughput</c> and
/// <c>balsam report utilization</c> (<see cref="AnalyticsReports"/>), over the events of the window only.
/// </summary>
public sealed class SiteActivity(IGrainFactory grains)
{
    /// <summary>How far back the charts reach.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromHours(6);

    /// <summary>Jobs finished in the window (cumulative) and jobs RUNNING over it.</summary>
    public sealed record Series(DateTimeOffset From, DateTimeOffset To, SeriesPoints Finished, SeriesPoints Running);

    /// <param name="siteId">The site.</param>
    /// <param name="runningNow">How many of its jobs are RUNNING now: the window's events alone do not tell how many
    /// ran when it began, so the utilization series is lifted to end at this count.</param>
    public async Task<Series> TakeAsync(long siteId, long runningNow)
    {
        var to = DateTimeOffset.UtcNow;
        var from = to - Window;
        var service = grains.GetGrain<IJobServiceGrain>(0);
        var window = new EventQuery { SiteIds = [siteId], After = from };
        var finished = AnalyticsReports.Throughput(await service.EventsAsync(window with { ToState = JobState.JobFinished }));
        var entering = await service.EventsAsync(window with { ToState = JobState.Running });
        var leaving = await service.EventsAsync(window with { FromState = JobState.Running });
        var running = AnalyticsReports.Utilization(entering.Concat(leaving));
        return new Series(from, to, SeriesPoints.From(finished), SeriesPoints.From(running, runningNow - running.LastValue));
    }
}
