using System.Globalization;
using Balsam.Launcher.Scheduling.Common;
using Balsam.Sites;

namespace Balsam.Launcher.Scheduling.Cobalt;

/// <summary>
/// Parses Cobalt's <c>qstat</c> table: a header line naming the columns (set through <c>QSTAT_HEADER</c>), a
/// <c>====</c> rule, then one row per job. Columns are found by name. A row with more words than columns has a
/// free-text column (attrs, JobName, Location, Command) with spaces in it: columns left of it are read from the left,
/// columns right of it from the right.
/// </summary>
internal static class CobaltStatusParser
{
    /// <summary>The columns asked for; none of them contains spaces.</summary>
    public const string Header = "JobID:User:WallTime:QueuedTime:TimeRemaining:Nodes:State:Queue:Project";

    /// <summary>Columns that may contain spaces, most likely first (attrs prints a Python dict).</summary>
    private static readonly string[] FreeText = ["attrs", "Command", "Location", "JobName"];

    public static Dictionary<long, SchedulerJobStatus> Parse(string output, string user)
    {
        var jobs = new Dictionary<long, SchedulerJobStatus>();
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var headerAt = Array.FindIndex(lines, l => l.StartsWith("JobID", StringComparison.OrdinalIgnoreCase));
        if (headerAt < 0)
        {
            return jobs;
        }

        var columns = lines[headerAt].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        foreach (var line in lines.Skip(headerAt + 1).Where(l => !l.StartsWith('=')))
        {
            var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (!long.TryParse(words[0], NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                continue;
            }

            var row = Row(columns, words);
            if (row.TryGetValue("User", out var owner) && !owner.Equals(user, StringComparison.Ordinal))
            {
                continue;
            }

            var raw = row.GetValueOrDefault("State") ?? words.FirstOrDefault(w => CobaltStates.Of(w).Known) ?? "unknown";
            var (state, known) = CobaltStates.Of(raw);
            jobs.TryAdd(id, new SchedulerJobStatus
            {
                SchedulerId = id,
                State = state,
                SchedulerState = known ? raw : raw + SchedulerStateText.UnknownSuffix,
                Queue = row.GetValueOrDefault("Queue") ?? "",
                NumNodes = int.TryParse(row.GetValueOrDefault("Nodes"), NumberStyles.None, CultureInfo.InvariantCulture, out var nodes) ? nodes : 0,
                WallTimeMin = Durations.ToMinutes(row.GetValueOrDefault("WallTime")) ?? 0,
                Project = row.GetValueOrDefault("Project") ?? "",
                TimeRemainingMin = Durations.ToMinutes(row.GetValueOrDefault("TimeRemaining")) ?? 0,
                QueuedTimeMin = Durations.ToMinutes(row.GetValueOrDefault("QueuedTime")) ?? 0,
            });
        }

        return jobs;
    }

    private static Dictionary<string, string> Row(string[] columns, string[] words)
    {
        var row = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (words.Length == columns.Length)
        {
            for (var i = 0; i < columns.Length; i++)
            {
                row[columns[i]] = words[i];
            }

            return row;
        }

        var free = FreeText.Select(f => Array.FindIndex(columns, c => c.Equals(f, StringComparison.OrdinalIgnoreCase))).FirstOrDefault(i => i >= 0, -1);
        if (free < 0 || words.Length < columns.Length)
        {
            return row;
        }

        for (var i = 0; i < free; i++)
        {
            row[columns[i]] = words[i];
        }

        var fromRight = columns.Length - free - 1;
        for (var i = 0; i < fromRight; i++)
        {
            row[columns[^(i + 1)]] = words[^(i + 1)];
        }

        row[columns[free]] = string.Join(' ', words[free..^fromRight]);
        return row;
    }
}
