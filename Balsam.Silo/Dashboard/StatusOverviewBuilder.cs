using Balsam.Silo.Dashboard.Sites;

namespace Balsam.Silo.Dashboard;

/// <summary>Reads a <see cref="StatusOverview"/>: the summary, the batch jobs, and a panel per site of the summary.</summary>
public sealed class StatusOverviewBuilder(
    JobSummary summary, BatchJobBoard batchJobs, SiteActivity activity, RecentFailures failures, TransfersInFlight transfers)
{
    public async Task<StatusOverview> TakeAsync(CancellationToken cancellationToken)
    {
        var snapshot = await summary.TakeAsync(cancellationToken);
        var board = await batchJobs.TakeAsync(cancellationToken);
        var inFlight = await transfers.TakeAsync(cancellationToken);
        var panels = new List<SitePanel>();
        foreach (var site in snapshot.Sites)
        {
            var series = await activity.TakeAsync(site.SiteId, site.States.GetValueOrDefault("RUNNING"));
            panels.Add(new SitePanel(site.SiteId, site.SiteName, series, await failures.TakeAsync(site.SiteId, series.From),
                inFlight.GetValueOrDefault(site.SiteId) ?? []));
        }

        return new StatusOverview(snapshot, board, panels);
    }
}
