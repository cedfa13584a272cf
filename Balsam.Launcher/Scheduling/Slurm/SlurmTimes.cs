using System.Globalization;

namespace Balsam.Launcher.Scheduling.Slurm;

/// <summary>Start/end times from <c>sacct -P</c> or <c>scontrol show job -o</c>, printed in UTC (the commands run with TZ=UTC).</summary>
internal static class SlurmTimes
{
    /// <summary>A Slurm timestamp (<c>2026-11-30T07:07:12</c>) as UTC; <c>Unknown</c>, <c>None</c>, <c>N/A</c> → null.</summary>
    public static DateTimeOffset? Parse(string? text) =>
        DateTime.TryParseExact(text?.Trim(), "yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? new DateTimeOffset(time, TimeSpan.Zero)
            : null;

    /// <summary><c>sacct -P -n -X -o JobID,Start,End -j ID</c>: the line of that job, or null.</summary>
    public static SchedulerJobLog? FromSacct(string output, long schedulerId)
    {
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var fields = line.Split('|');
            if (fields.Length >= 3 && fields[0] == schedulerId.ToString(CultureInfo.InvariantCulture))
            {
                return new SchedulerJobLog(Parse(fields[1]), Parse(fields[2]));
            }
        }

        return null;
    }

    /// <summary><c>scontrol show job -o ID</c>: its StartTime= and EndTime=.</summary>
    public static SchedulerJobLog FromScontrol(string output)
    {
        string? Value(string key) => output.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .FirstOrDefault(t => t.StartsWith(key + "=", StringComparison.Ordinal))?[(key.Length + 1)..];
        return new SchedulerJobLog(Parse(Value("StartTime")), Parse(Value("EndTime")));
    }
}
