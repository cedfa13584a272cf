using Balsam.Sites;

namespace Balsam.Launcher.Scheduling.Common;

/// <summary>
/// Turns idle nodes (queue, minutes each node stays free) into backfill windows per queue: one window per distinct
/// duration, longest first, each counting its own nodes plus those of every longer window (a node free for 60 minutes
/// can also take a 30-minute job), as Balsam's Cobalt/LSF plugins do.
/// </summary>
internal static class BackfillAggregator
{
    public static Dictionary<string, List<BackfillWindow>> Aggregate(IEnumerable<(string Queue, int Minutes, int Nodes)> idle)
    {
        var windows = new Dictionary<string, List<BackfillWindow>>();
        foreach (var queue in idle.Where(i => i.Minutes > 0 && i.Nodes > 0).GroupBy(i => i.Queue))
        {
            var cumulative = 0;
            var list = new List<BackfillWindow>();
            foreach (var duration in queue.GroupBy(i => i.Minutes).OrderByDescending(g => g.Key))
            {
                cumulative += duration.Sum(i => i.Nodes);
                list.Add(new BackfillWindow { NumNodes = cumulative, WallTimeMin = duration.Key });
            }

            windows[queue.Key] = list;
        }

        return windows;
    }
}
