using Balsam.BatchJobs;
using Balsam.Launcher.Settings;
using Balsam.Sites;

namespace Balsam.Launcher.SiteAgent.ElasticQueue;

/// <summary>
/// The elastic queue's sizing rule (SPEC §4), as a pure function so it can be checked case by case:
/// <list type="number">
/// <item>reserved = nodes of its queued, pending and running batch jobs; stop at max_queued_jobs of them;</item>
/// <item>running and runnable footprints = Σ num_nodes / node_packing_count; nothing runnable: stop;</item>
/// <item>window: without backfill (max_num_nodes, max_wall_time_min); with backfill the largest nodes × minutes window
/// of the submit queue with minutes ≥ min_wall_time_min and nodes ≥ max(min_num_nodes, smallest runnable job), capped
/// at max_num_nodes and max_wall_time_min (Balsam ignored both caps); none: stop;</item>
/// <item>idle = reserved − running; when runnable > idle, ask for clamp(max(min_num_nodes, ⌈runnable − idle⌉), ≤ window
/// nodes, ≤ max_num_nodes) nodes (rounded up: Balsam truncated) for window minutes − wall_time_pad_min;</item>
/// <item>queued batch jobs that waited longer than max_queue_wait_time_min are deleted;</item>
/// <item>(ours) after one of its batch jobs was refused, nothing is submitted for a while (Balsam resubmitted every cycle).</item>
/// </list>
/// </summary>
public static class ElasticQueuePlanner
{
    public static ElasticQueuePlan Plan(ElasticQueueSettings settings, IReadOnlyDictionary<string, string> filterTags, ElasticQueueInput input)
    {
        var delete = QueuedTooLong(settings, input);
        var active = input.BatchJobs.Where(b => b.State is BatchJobState.PendingSubmission or BatchJobState.Queued or BatchJobState.Running).ToList();
        var reserved = active.Sum(b => b.NumNodes);
        if (active.Count >= settings.MaxQueuedJobs)
        {
            return new ElasticQueuePlan { Delete = delete, Reason = $"{active.Count} batch jobs queued or running (max_queued_jobs {settings.MaxQueuedJobs})" };
        }

        if (input.RecentRefusal is { } refused)
        {
            return new ElasticQueuePlan
            {
                Delete = delete,
                Reason = $"batch job {refused.Id} was refused at {refused.LastUpdate:u} ({refused.StatusInfo.GetValueOrDefault("error", "no reason given")}); " +
                    "nothing more is submitted for a while",
            };
        }

        if (input.Runnable.Count == 0)
        {
            return new ElasticQueuePlan { Delete = delete, Reason = "no runnable jobs" };
        }

        var window = Window(settings, input);
        if (window is null)
        {
            return new ElasticQueuePlan { Delete = delete, Reason = $"no backfill window of queue '{settings.SubmitQueue}' fits" };
        }

        var idle = reserved - input.Running.Nodes;
        if (input.Runnable.Nodes <= idle + 1e-9)
        {
            return new ElasticQueuePlan
            {
                Delete = delete,
                Reason = $"runnable footprint {input.Runnable.Nodes:0.##} nodes fits the {idle:0.##} idle nodes already reserved",
            };
        }

        var wanted = (int)Math.Ceiling(input.Runnable.Nodes - idle - 1e-9);
        var nodes = Math.Min(Math.Min(Math.Max(settings.MinNumNodes, wanted), window.NumNodes), settings.MaxNumNodes);
        var minutes = window.WallTimeMin - settings.WallTimePadMin;
        return new ElasticQueuePlan
        {
            Delete = delete,
            Submit = new BatchJobSpec
            {
                Project = settings.SubmitProject,
                Queue = settings.SubmitQueue,
                NumNodes = nodes,
                WallTimeMin = minutes,
                JobMode = JobModeNames.TryParse(settings.JobMode, out var mode) ? mode : JobMode.Mpi,
                FilterTags = new Dictionary<string, string>(filterTags),
            },
            Reason = $"runnable footprint {input.Runnable.Nodes:0.##} nodes > {idle:0.##} idle reserved: asking for {nodes} nodes for {minutes} min",
        };
    }

    private static BackfillWindow? Window(ElasticQueueSettings settings, ElasticQueueInput input)
    {
        if (!settings.UseBackfill)
        {
            return new BackfillWindow { NumNodes = settings.MaxNumNodes, WallTimeMin = settings.MaxWallTimeMin };
        }

        var smallest = Math.Max(settings.MinNumNodes, input.Runnable.SmallestNumNodes);
        var windows = input.BackfillWindows.GetValueOrDefault(settings.SubmitQueue) ?? [];
        return windows
            .Where(w => w.WallTimeMin >= settings.MinWallTimeMin && w.NumNodes >= smallest)
            .Select(w => new BackfillWindow
            {
                NumNodes = Math.Min(w.NumNodes, settings.MaxNumNodes),
                WallTimeMin = Math.Min(w.WallTimeMin, settings.MaxWallTimeMin),
            })
            .OrderByDescending(w => (long)w.NumNodes * w.WallTimeMin)
            .FirstOrDefault();
    }

    private static List<long> QueuedTooLong(ElasticQueueSettings settings, ElasticQueueInput input)
    {
        var waits = input.SchedulerJobs.ToDictionary(j => j.SchedulerId, j => j.QueuedTimeMin);
        return input.BatchJobs
            .Where(b => b.State == BatchJobState.Queued && b.SchedulerId is { } id
                && waits.TryGetValue(id, out var waited) && waited > settings.MaxQueueWaitTimeMin)
            .Select(b => b.Id)
            .ToList();
    }
}
