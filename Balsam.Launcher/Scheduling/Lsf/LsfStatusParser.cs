using System.Globalization;
using System.Text.Json;
using Balsam.BatchJobs;
using Balsam.Launcher.Scheduling.Common;
using Balsam.Sites;

namespace Balsam.Launcher.Scheduling.Lsf;

/// <summary>Parses <c>bjobs -u USER -json -o "<see cref="Fields"/>"</c>.</summary>
internal static class LsfStatusParser
{
    public const string Fields = "jobid stat user queue proj_name nexec_host slots runtimelimit time_left pend_time pend_reason submit_time start_time finish_time";

    public static IEnumerable<JsonElement> Records(string output)
    {
        if (string.IsNullOrWhiteSpace(output))
        {
            return [];
        }

        try
        {
            using var document = JsonDocument.Parse(output);
            return document.RootElement.TryGetProperty("RECORDS", out var records) && records.ValueKind == JsonValueKind.Array
                ? records.EnumerateArray().Select(r => r.Clone()).ToList()
                : [];
        }
        catch (JsonException e)
        {
            throw new SchedulerException($"bjobs printed JSON that cannot be read: {e.Message}", e);
        }
    }

    public static Dictionary<long, SchedulerJobStatus> Parse(string output, string user)
    {
        var jobs = new Dictionary<long, SchedulerJobStatus>();
        foreach (var job in Records(output))
        {
            if (Text(job, "USER") is { Length: > 0 } owner && !owner.Equals(user, StringComparison.Ordinal))
            {
                continue;
            }

            if (!long.TryParse(Text(job, "JOBID"), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                continue;
            }

            var stat = Text(job, "STAT") ?? "";
            var (state, known) = LsfStates.Of(stat);
            var reason = Text(job, "PEND_REASON");
            var shown = (stat.Length == 0 ? "UNKNOWN" : stat) + (!known ? SchedulerStateText.UnknownSuffix : string.IsNullOrWhiteSpace(reason) ? "" : $" ({reason.Trim()})");
            jobs.TryAdd(id, new SchedulerJobStatus
            {
                SchedulerId = id,
                State = state,
                SchedulerState = shown,
                Queue = Text(job, "QUEUE") ?? "",
                NumNodes = Int(Text(job, "NEXEC_HOST")) ?? Int(Text(job, "SLOTS")) ?? 0,
                WallTimeMin = Minutes(Text(job, "RUNTIMELIMIT")),
                Project = Text(job, "PROJ_NAME") ?? "",
                TimeRemainingMin = Minutes(Text(job, "TIME_LEFT")),
                QueuedTimeMin = state == BatchJobState.Queued ? Int(Text(job, "PEND_TIME")) / 60 ?? 0 : 0,
            });
        }

        return jobs;
    }

    public static string? Text(JsonElement job, string name) =>
        job.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static int? Int(string? text) =>
        int.TryParse(text?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;

    /// <summary><c>00:10:00</c>, <c>1440.0</c> (minutes), <c>0:30 L</c>; anything else → 0.</summary>
    private static int Minutes(string? text)
    {
        var head = text?.Trim().Split(' ', 2)[0] ?? "";
        if (head.Contains(':'))
        {
            return Durations.ToMinutes(head) ?? 0;
        }

        return double.TryParse(head, NumberStyles.Float, CultureInfo.InvariantCulture, out var minutes) ? (int)minutes : 0;
    }
}
