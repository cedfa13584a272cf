using Balsam.BatchJobs;
using Balsam.Jobs;
using Balsam.Sites;

namespace Balsam.Launcher.SiteAgent.ElasticQueue;

/// <summary>What one elastic-queue cycle looks at: its own batch jobs, the site's work, and the scheduler's view.</summary>
public sealed record ElasticQueueInput
{
    /// <summary>Active batch jobs of the site in the submit queue whose filter tags contain the elastic queue's.</summary>
    public required IReadOnlyList<BatchJobRecord> BatchJobs { get; init; }

    /// <summary>The matching jobs in RUNNING.</summary>
    public required JobFootprint Running { get; init; }

    /// <summary>The matching jobs in PREPROCESSED or RESTART_READY.</summary>
    public required JobFootprint Runnable { get; init; }

    /// <summary>The site's backfill windows per queue (from the scheduler service).</summary>
    public IReadOnlyDictionary<string, List<BackfillWindow>> BackfillWindows { get; init; } = new Dictionary<string, List<BackfillWindow>>();

    /// <summary>Its latest batch job refused in the last few minutes, if any: nothing is submitted while it stands.</summary>
    public BatchJobRecord? RecentRefusal { get; init; }

    /// <summary>The site's scheduler jobs (from the scheduler service), for queue-wait times.</summary>
    public IReadOnlyList<SchedulerJobStatus> SchedulerJobs { get; init; } = [];
}
