using Balsam.BatchJobs;
using Balsam.Launcher.Settings;
using Balsam.Sites;
using Balsam.Validation;

namespace Balsam.Launcher.Scheduling;

/// <summary>
/// What the site checks before it submits a batch job (SPEC §4): the rules checked at creation
/// (<see cref="BatchJobValidator"/>), against the current settings.yml, which may have changed since the batch job was
/// created; and that the queue holds fewer than <c>max_queued_jobs</c> of the user's scheduler jobs.
/// </summary>
public static class BatchJobSubmissionRules
{
    public static IReadOnlyList<string> Check(BatchJobRecord batchJob, SchedulerSettings settings, IEnumerable<SchedulerJobStatus> schedulerJobs)
    {
        var errors = new ValidationCollector($"batch job {batchJob.Id}");
        BatchJobValidator.Collect(Spec(batchJob), Summary(settings), errors);
        var problems = errors.Problems.Select(p => p.ToString()).ToList();
        if (settings.AllowedQueues.TryGetValue(batchJob.Queue, out var queue))
        {
            var inQueue = schedulerJobs.Count(j => j.Queue == batchJob.Queue && j.State is BatchJobState.Queued or BatchJobState.Running);
            if (inQueue >= queue.MaxQueuedJobs)
            {
                problems.Add($"queue '{batchJob.Queue}' already holds {inQueue} of your jobs (max_queued_jobs {queue.MaxQueuedJobs})");
            }
        }

        return problems;
    }

    private static BatchJobSpec Spec(BatchJobRecord batchJob) => new()
    {
        SiteId = batchJob.SiteId,
        Project = batchJob.Project,
        Queue = batchJob.Queue,
        NumNodes = batchJob.NumNodes,
        WallTimeMin = batchJob.WallTimeMin,
        JobMode = batchJob.JobMode,
        OptionalParams = batchJob.OptionalParams,
        FilterTags = batchJob.FilterTags,
        Partitions = batchJob.Partitions,
    };

    /// <summary>The scheduler part of the settings as the service keeps it (site filter tags were checked by the caller).</summary>
    private static SiteSettingsSummary Summary(SchedulerSettings settings) =>
        (SiteSettings.Default with { Scheduler = settings, Transfers = null }).ToSummary();
}
