using System.Globalization;
using System.Text.Json;
using Balsam.BatchJobs;
using Balsam.Launcher.Scheduling.Common;
using Balsam.Sites;

namespace Balsam.Launcher.Scheduling.Pbs;

/// <summary>Parses <c>qstat -f -F json</c>: the jobs whose owner is exactly the user (<c>user@host</c>).</summary>
internal static class PbsStatusParser
{
    public static Dictionary<long, SchedulerJobStatus> Parse(string output, string user, DateTimeOffset now)
    {
        var jobs = new Dictionary<long, SchedulerJobStatus>();
        foreach (var (id, job) in Jobs(output))
        {
            if (!IsOwnedBy(Text(job, "Job_Owner"), user))
            {
                continue;
            }

            var (state, shown) = PbsStates.Of(Text(job, "job_state") ?? "?");
            var comment = Text(job, "comment");
            var wall = Durations.ToMinutes(Resource(job, "Resource_List", "walltime")) ?? 0;
            var used = Durations.ToMinutes(Resource(job, "resources_used", "walltime")) ?? 0;
            var queuedSince = PbsTimes.Parse(Text(job, "qtime"));
            jobs.TryAdd(id, new SchedulerJobStatus
            {
                SchedulerId = id,
                State = state,
                SchedulerState = comment is null ? shown : $"{shown}: {comment}",
                Queue = Text(job, "queue") ?? "",
                NumNodes = Nodes(job),
                WallTimeMin = wall,
                Project = Text(job, "Account_Name") ?? Text(job, "project") ?? "",
                TimeRemainingMin = state == BatchJobState.Running ? Math.Max(0, wall - used) : wall,
                QueuedTimeMin = state == BatchJobState.Queued && queuedSince is { } q ? Math.Max(0, (int)(now - q).TotalMinutes) : 0,
            });
        }

        return jobs;
    }

    /// <summary>Exact owner match: <c>alice</c> owns <c>alice@login1</c>, not <c>malice@login1</c> or <c>alice2@login1</c>.</summary>
    public static bool IsOwnedBy(string? owner, string user) =>
        owner is not null && owner.Split('@', 2)[0].Equals(user, StringComparison.Ordinal);

    /// <summary>Each job of the listing by its numeric id (the digits before the first '.' of <c>1234.server</c>).</summary>
    public static IEnumerable<(long Id, JsonElement Job)> Jobs(string output)
    {
        if (string.IsNullOrWhiteSpace(output))
        {
            yield break;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(output, new JsonDocumentOptions { AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            // A partial answer would mark the missing jobs finished; failing skips this sync instead.
            throw new SchedulerException($"qstat printed JSON that cannot be read: {e.Message}", e);
        }

        using (document)
        {
            // With no job, qstat prints only timestamp/pbs_version/pbs_server (no "Jobs").
            if (!document.RootElement.TryGetProperty("Jobs", out var all) || all.ValueKind != JsonValueKind.Object)
            {
                yield break;
            }

            foreach (var job in all.EnumerateObject())
            {
                if (ParseId(job.Name) is { } id)
                {
                    yield return (id, job.Value.Clone());
                }
            }
        }
    }

    public static long? ParseId(string text)
    {
        var head = text.Trim().Split('.', 2)[0].Split('[', 2)[0];
        return long.TryParse(head, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
    }

    public static string? Text(JsonElement job, string name) =>
        job.TryGetProperty(name, out var value) ? value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText() : null;

    private static string? Resource(JsonElement job, string group, string name) =>
        job.TryGetProperty(group, out var resources) && resources.ValueKind == JsonValueKind.Object ? Text(resources, name) : null;

    private static int Nodes(JsonElement job)
    {
        if (int.TryParse(Resource(job, "Resource_List", "nodect"), NumberStyles.None, CultureInfo.InvariantCulture, out var nodect))
        {
            return nodect;
        }

        // select=4:ncpus=64+2:ngpus=1 → 6 chunks.
        var select = Resource(job, "Resource_List", "select") ?? "";
        return select.Split('+').Sum(chunk => int.TryParse(chunk.Split(':')[0], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0);
    }
}
