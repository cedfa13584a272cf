using Balsam.BatchJobs;
using Balsam.Sites;

namespace Balsam.Silo.Dashboard;

/// <summary>Batch jobs for the status page: every active one, and those that ended in the last day, newest first.</summary>
public sealed class BatchJobBoard(IBatchJobStore store, IGrainFactory grains)
{
    public const int MaxRows = 200;

    public sealed record Row(
        long Id, string SiteName, long? SchedulerId, string State, string Queue, string Project, int NumNodes, int WallTimeMin,
        string JobMode, DateTimeOffset? StartTime, DateTimeOffset? EndTime, string Message);

    public async Task<IReadOnlyList<Row>> TakeAsync(CancellationToken cancellationToken)
    {
        var recent = await store.QueryAsync(new BatchJobQuery { OrderBy = BatchJobOrderField.Id, Descending = true, Limit = MaxRows }, cancellationToken);
        var since = DateTimeOffset.UtcNow.AddDays(-1);
        var shown = recent.Where(b => !b.State.IsTerminal() || b.LastUpdate > since).ToList();
        var names = new Dictionary<long, string>();
        foreach (var siteId in shown.Select(b => b.SiteId).Distinct())
        {
            names[siteId] = (await grains.GetGrain<ISiteGrain>(siteId).FindAsync())?.Name ?? $"site {siteId}";
        }

        return shown.Select(b => new Row(
            b.Id, names[b.SiteId], b.SchedulerId, b.State.Name(), b.Queue, b.Project, b.NumNodes, b.WallTimeMin, b.JobMode.Name(),
            b.StartTime, b.EndTime,
            b.StatusInfo.GetValueOrDefault("error") ?? b.StatusInfo.GetValueOrDefault("scheduler_state") ?? "")).ToList();
    }
}
