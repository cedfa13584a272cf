using System.Globalization;
using Balsam.Launcher.Scheduling.Common;
using Balsam.Sites;

namespace Balsam.Launcher.Scheduling.Slurm;

/// <summary>
/// Backfill from <c>sinfo -h -t idle -o '%R|%l|%D'</c>: the nodes that are idle right now in each partition, and the
/// partition's time limit as the window's length. Slurm does not publish how long an idle node will stay free (that
/// depends on future reservations and priorities), so the window means "this many nodes can start now, for at most the
/// partition's limit"; a partition without a limit (<c>infinite</c>) reports <see cref="UnlimitedMinutes"/>.
/// </summary>
internal static class SlurmBackfillParser
{
    /// <summary>Stand-in for an unlimited partition: one year, so callers multiplying nodes × minutes stay in range.</summary>
    public const int UnlimitedMinutes = 365 * 24 * 60;

    public const string Format = "%R|%l|%D";

    public static Dictionary<string, List<BackfillWindow>> Parse(string output)
    {
        var idle = new List<(string, int, int)>();
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var fields = line.Split('|');
            if (fields.Length < 3 || !int.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var nodes))
            {
                continue;
            }

            var minutes = fields[1].Equals("infinite", StringComparison.OrdinalIgnoreCase) ? UnlimitedMinutes : Durations.ToMinutes(fields[1], floor: true) ?? 0;
            idle.Add((fields[0], minutes, nodes));
        }

        return BackfillAggregator.Aggregate(idle);
    }
}
