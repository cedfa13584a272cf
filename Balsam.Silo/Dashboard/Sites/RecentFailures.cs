using Balsam.Jobs;
using Balsam.States;

namespace Balsam.Silo.Dashboard.Sites;

/// <summary>A site's newest failures in the chart window: changes to RUN_ERROR, RUN_TIMEOUT and FAILED, with their error.</summary>
public sealed class RecentFailures(IGrainFactory grains)
{
    public const int MaxRows = 10;

    public sealed record Failure(long JobId, string AppName, DateTimeOffset At, string State, string Error);

    public async Task<IReadOnlyList<Failure>> TakeAsync(long siteId, DateTimeOffset since)
    {
        var service = grains.GetGrain<IJobServiceGrain>(0);
        var events = new List<JobEvent>();
        foreach (var state in (JobState[])[JobState.RunError, JobState.RunTimeout, JobState.Failed])
        {
            events.AddRange(await service.EventsAsync(new EventQuery
            {
                SiteIds = [siteId], ToState = state, After = since, Descending = true, Limit = MaxRows,
            }));
        }

        var newest = events.OrderByDescending(e => e.Timestamp).Take(MaxRows).ToList();
        if (newest.Count == 0)
        {
            return [];
        }

        var jobs = (await service.QueryAsync(new JobQuery { Ids = [.. newest.Select(e => e.JobId).Distinct()] })).ToDictionary(j => j.Id);
        return newest.Select(e => new Failure(
            e.JobId, jobs.GetValueOrDefault(e.JobId)?.AppName ?? "?", e.Timestamp, e.To.Name(),
            ErrorText.Of(e.Data) ?? ErrorText.Of(jobs.GetValueOrDefault(e.JobId)?.StateData) ?? "(no message)")).ToList();
    }
}
