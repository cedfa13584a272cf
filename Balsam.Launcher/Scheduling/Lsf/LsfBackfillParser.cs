using System.Globalization;
using System.Text.RegularExpressions;
using Balsam.Sites;

namespace Balsam.Launcher.Scheduling.Lsf;

/// <summary>
/// Parses <c>bslots</c> (backfill windows: a header line, then "SLOTS  RUNTIME" rows such as
/// <c>4  1 hours 30 minutes 0 seconds</c> or <c>2  UNLIMITED</c>). bslots is not per queue; the windows are reported
/// under the given queue. Each row already counts every slot free for at least that long.
/// </summary>
internal static partial class LsfBackfillParser
{
    public static Dictionary<string, List<BackfillWindow>> Parse(string output, string queue, int slotsPerNode)
    {
        var windows = new List<BackfillWindow>();
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = line.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length < 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var slots))
            {
                continue;
            }

            var minutes = parts[1].Trim().Equals("UNLIMITED", StringComparison.OrdinalIgnoreCase)
                ? Slurm.SlurmBackfillParser.UnlimitedMinutes
                : Amount(parts[1], "day") * 1440 + Amount(parts[1], "hour") * 60 + Amount(parts[1], "minute");
            var nodes = slots / Math.Max(1, slotsPerNode);
            if (minutes > 0 && nodes > 0)
            {
                windows.Add(new BackfillWindow { NumNodes = nodes, WallTimeMin = minutes });
            }
        }

        return windows.Count == 0 ? [] : new Dictionary<string, List<BackfillWindow>> { [queue] = windows };
    }

    private static int Amount(string text, string unit)
    {
        var match = UnitAmount().Matches(text).FirstOrDefault(m => m.Groups["unit"].Value.StartsWith(unit, StringComparison.OrdinalIgnoreCase));
        return match is null ? 0 : int.Parse(match.Groups["n"].Value, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"(?<n>\d+)\s+(?<unit>[a-z]+)", RegexOptions.IgnoreCase)]
    private static partial Regex UnitAmount();
}
