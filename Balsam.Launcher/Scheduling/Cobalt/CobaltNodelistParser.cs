using Balsam.Launcher.Scheduling.Common;
using Balsam.Sites;

namespace Balsam.Launcher.Scheduling.Cobalt;

/// <summary>
/// Parses <c>nodelist</c> (<c>Node_id Name Queues Status MCDRAM NUMA Backfill</c>): every <c>idle</c> node with a
/// backfill time (H:MM:SS, whole minutes rounded down) counts for each of its queues (colon-separated); windows are aggregated per queue.
/// </summary>
internal static class CobaltNodelistParser
{
    public static Dictionary<string, List<BackfillWindow>> Parse(string output)
    {
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var headerAt = Array.FindIndex(lines, l => l.StartsWith("Node_id", StringComparison.OrdinalIgnoreCase));
        if (headerAt < 0)
        {
            return [];
        }

        var columns = lines[headerAt].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var queues = Array.FindIndex(columns, c => c.Equals("Queues", StringComparison.OrdinalIgnoreCase));
        var status = Array.FindIndex(columns, c => c.Equals("Status", StringComparison.OrdinalIgnoreCase));
        var backfill = Array.FindIndex(columns, c => c.Equals("Backfill", StringComparison.OrdinalIgnoreCase));
        if (queues < 0 || status < 0 || backfill < 0)
        {
            return [];
        }

        var idle = new List<(string, int, int)>();
        foreach (var words in lines.Skip(headerAt + 1).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)))
        {
            if (words.Length != columns.Length || !words[status].Equals("idle", StringComparison.OrdinalIgnoreCase)
                || Durations.ToMinutes(words[backfill], floor: true) is not { } minutes)
            {
                continue;
            }

            idle.AddRange(words[queues].Split(':', StringSplitOptions.RemoveEmptyEntries).Select(q => (q, minutes, 1)));
        }

        return BackfillAggregator.Aggregate(idle);
    }
}
