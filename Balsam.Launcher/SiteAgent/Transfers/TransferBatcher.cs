using Balsam.Apps;
using Balsam.Transfers;

namespace Balsam.Launcher.SiteAgent.Transfers;

/// <summary>
/// Cuts pending items into transfer tasks (SPEC §4 Transfers; Balsam §5.3 step 5): grouped by direction and location,
/// largest group first, at most <c>batchSize</c> items per task and at most <c>maxTasks</c> tasks.
/// </summary>
public static class TransferBatcher
{
    public static IReadOnlyList<PlannedBatch> Plan(IReadOnlyList<TransferItemRecord> pending, int batchSize, int maxTasks)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        if (maxTasks <= 0)
        {
            return [];
        }

        return pending
            .GroupBy(i => (i.Direction, i.LocationAlias))
            .OrderByDescending(g => g.Count())
            .ThenBy(g => g.Key.Direction).ThenBy(g => g.Key.LocationAlias, StringComparer.Ordinal)
            .SelectMany(g => g.Chunk(batchSize).Select(chunk => new PlannedBatch(g.Key.LocationAlias, g.Key.Direction, chunk)))
            .Take(maxTasks)
            .ToList();
    }
}
