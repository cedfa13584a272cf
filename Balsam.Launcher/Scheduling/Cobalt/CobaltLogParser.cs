using System.Globalization;
using System.Text.RegularExpressions;

namespace Balsam.Launcher.Scheduling.Cobalt;

/// <summary>
/// Reads <c>&lt;script&gt;.cobaltlog</c>: lines stamped <c>Fri Feb 02 17:44:47 2018 +0000 (UTC)</c>, read with their own
/// offset. Start = the first stamp after the "submitted" line (the job's command and environment are logged as it
/// starts); end = the stamp of the line saying the task completed or the job was terminated.
/// </summary>
internal static partial class CobaltLogParser
{
    public static SchedulerJobLog Parse(string log)
    {
        DateTimeOffset? start = null, end = null;
        foreach (var line in log.Split('\n'))
        {
            var match = Stamp().Match(line);
            if (!match.Success || !DateTimeOffset.TryParseExact(match.Groups["t"].Value, "ddd MMM dd HH:mm:ss yyyy zzz",
                    CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
            {
                continue;
            }

            var text = line[match.Length..];
            if (text.Contains("submitted", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            start ??= time;
            if (text.Contains("completed", StringComparison.OrdinalIgnoreCase) || text.Contains("terminated", StringComparison.OrdinalIgnoreCase)
                || text.Contains("job cleanup", StringComparison.OrdinalIgnoreCase))
            {
                end = time;
            }
        }

        return new SchedulerJobLog(start, end);
    }

    [GeneratedRegex(@"^(?<t>[A-Z][a-z]{2} [A-Z][a-z]{2} \d{2} \d{2}:\d{2}:\d{2} \d{4} [+-]\d{2}:?\d{2})")]
    private static partial Regex Stamp();
}
