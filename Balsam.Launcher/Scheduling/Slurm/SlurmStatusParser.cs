using System.Globalization;
using Balsam.BatchJobs;
using Balsam.Launcher.Scheduling.Common;
using Balsam.Sites;

namespace Balsam.Launcher.Scheduling.Slurm;

/// <summary>Parses <c>squeue -h -t all -o <see cref="Format"/></c> (run with TZ=UTC).</summary>
internal static class SlurmStatusParser
{
    /// <summary>id | state | reason | partition | nodes | time limit | account | time left | submit time.</summary>
    public const string Format = "%i|%T|%r|%P|%D|%l|%a|%L|%V";

    public static Dictionary<long, SchedulerJobStatus> Parse(string output, DateTimeOffset now)
    {
        var jobs = new Dictionary<long, SchedulerJobStatus>();
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var fields = line.Split('|');
            // Array tasks print "123_4": the job id is the leading number.
            var idText = fields[0].Split('_', 2)[0];
            if (!long.TryParse(idText, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                continue;
            }

            string Field(int i) => i < fields.Length ? fields[i].Trim() : "";
            var raw = Field(1);
            var (state, known) = SlurmStates.Of(raw);
            var reason = Field(2);
            var shown = raw.Length == 0 ? "UNKNOWN" : raw;
            if (!known)
            {
                shown += SchedulerStateText.UnknownSuffix;
            }
            else if (reason.Length > 0 && !reason.Equals("None", StringComparison.OrdinalIgnoreCase))
            {
                shown += $" ({reason})";
            }

            var submitted = DateTime.TryParse(Field(8), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var s)
                ? new DateTimeOffset(s, TimeSpan.Zero)
                : (DateTimeOffset?)null;
            jobs.TryAdd(id, new SchedulerJobStatus
            {
                SchedulerId = id,
                State = state,
                SchedulerState = shown,
                Queue = Field(3),
                NumNodes = int.TryParse(Field(4), NumberStyles.None, CultureInfo.InvariantCulture, out var nodes) ? nodes : 0,
                WallTimeMin = Durations.ToMinutes(Field(5)) ?? 0,
                Project = Field(6) is "(null)" ? "" : Field(6),
                TimeRemainingMin = Durations.ToMinutes(Field(7)) ?? 0,
                QueuedTimeMin = state == BatchJobState.Queued && submitted is { } at ? Math.Max(0, (int)(now - at).TotalMinutes) : 0,
            });
        }

        return jobs;
    }
}
