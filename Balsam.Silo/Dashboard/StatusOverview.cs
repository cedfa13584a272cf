using Balsam.Silo.Dashboard.Sites;

namespace Balsam.Silo.Dashboard;

/// <summary>Everything the status page shows at once: job counts per site, batch jobs, and each site's panel.</summary>
public sealed record StatusOverview(JobSummary.Snapshot Summary, IReadOnlyList<BatchJobBoard.Row> BatchJobs, IReadOnlyList<SitePanel> Panels);
