using Balsam.BatchJobs;
using Balsam.Client;
using Balsam.Launcher.Scheduling;
using Balsam.Sites;
using Microsoft.Extensions.Logging;

namespace Balsam.Launcher.SiteAgent.Scheduler;

/// <summary>Publishes what the scheduler shows (backfill windows, its queue) to the site, for the elastic queue and the status page.</summary>
internal sealed class SchedulerStatePublisher(BalsamClient client, long siteId, IBatchScheduler scheduler, ILogger logger)
{
    /// <summary>Publishes the scheduler's backfill windows (none when they cannot be read) and its queue.</summary>
    public async Task PublishAsync(IReadOnlyDictionary<long, SchedulerJobStatus> statuses, CancellationToken cancellationToken)
    {
        Dictionary<string, List<BackfillWindow>> backfill;
        try
        {
            backfill = new(await scheduler.GetBackfillWindowsAsync(cancellationToken));
        }
        catch (SchedulerException e)
        {
            logger.LogWarning("Backfill windows could not be read: {Message}", e.Message);
            backfill = [];
        }

        await client.Cluster.GetGrain<ISiteGrain>(siteId).PublishSchedulerStateAsync(backfill, [.. statuses.Values]);
    }
}
