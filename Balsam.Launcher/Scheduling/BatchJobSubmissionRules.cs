using Balsam.BatchJobs;
using Balsam.Launcher.Settings;
using Balsam.Sites;

namespace Balsam.Launcher.Scheduling;

/// <summary>
/// What the site checks before it submits a batch job (SPEC §4): the queue is allowed and the batch job fits its node and
/// wall-time limits, the project is allowed (an empty list allows any, as at creation: the scheduler then judges it), partitions add up, optional parameters are known, and the queue holds
/// fewer than <c>max_queued_jobs</c> of the user's scheduler jobs. Checked against the current settings.yml, which may
/// have changed since the batch job was created.
/// </summary>
public static class BatchJobSubmissionRules
{
    public static IReadOnlyList<string> Check(BatchJobRecord batchJob, SchedulerSettings settings, IEnumerable<SchedulerJobStatus> schedulerJobs)
    {
        var problems = new List<string>();
        if (settings.AllowedQueues.TryGetValue(batchJob.Queue, out var queue))
        {
            if (batchJob.NumNodes > queue.MaxNodes)
            {
                problems.Add($"queue '{batchJob.Queue}' allows at most {queue.MaxNodes} nodes (asked {batchJob.NumNodes})");
            }

            if (batchJob.WallTimeMin > queue.MaxWalltime)
            {
                problems.Add($"queue '{batchJob.Queue}' allows at most {queue.MaxWalltime} minutes (asked {batchJob.WallTimeMin})");
            }

            var inQueue = schedulerJobs.Count(j => j.Queue == batchJob.Queue && j.State is BatchJobState.Queued or BatchJobState.Running);
            if (inQueue >= queue.MaxQueuedJobs)
            {
                problems.Add($"queue '{batchJob.Queue}' already holds {inQueue} of your jobs (max_queued_jobs {queue.MaxQueuedJobs})");
            }
        }
        else
        {
            problems.Add($"queue '{batchJob.Queue}' is not in scheduler.allowed_queues ({string.Join(", ", settings.AllowedQueues.Keys)})");
        }

        if (settings.AllowedProjects.Count > 0 && !settings.AllowedProjects.Contains(batchJob.Project))
        {
            problems.Add($"project '{batchJob.Project}' is not in scheduler.allowed_projects ({string.Join(", ", settings.AllowedProjects)})");
        }

        if (batchJob.Partitions.Count > 0 && batchJob.Partitions.Sum(p => p.NumNodes) != batchJob.NumNodes)
        {
            problems.Add($"partitions add up to {batchJob.Partitions.Sum(p => p.NumNodes)} nodes, not {batchJob.NumNodes}");
        }

        foreach (var name in batchJob.OptionalParams.Keys.Where(name => !settings.OptionalBatchJobParams.ContainsKey(name)))
        {
            problems.Add($"optional parameter '{name}' is not in scheduler.optional_batch_job_params");
        }

        return problems;
    }
}
