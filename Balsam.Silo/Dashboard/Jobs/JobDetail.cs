using Balsam.Jobs;
using Balsam.Silo.Dashboard.Sites;
using Balsam.Sites;
using Balsam.States;
using Balsam.Transfers;

namespace Balsam.Silo.Dashboard.Jobs;

/// <summary>Everything the job page shows: the job's fields, its state history from its events, its transfer items and its error tail.</summary>
public sealed class JobDetail(IGrainFactory grains)
{
    public sealed record HistoryEntry(DateTimeOffset At, string From, string To, string Data);

    public sealed record TransferRow(long Id, string Slot, string Direction, string Location, string RemotePath, string LocalPath, string State, string Info);

    public sealed record View(
        long Id, long SiteId, string SiteName, string AppName, string State, string Workdir, string WorkdirPath,
        IReadOnlyDictionary<string, string> Parameters, IReadOnlyDictionary<string, string> Tags, string StateData, string Data,
        int? ReturnCode, string? Exception, string? ErrorTail, IReadOnlyList<long> ParentIds, long? BatchJobId,
        DateTimeOffset CreatedAt, DateTimeOffset LastUpdate, IReadOnlyList<HistoryEntry> History, IReadOnlyList<TransferRow> Transfers);

    /// <returns>Null when there is no such job.</returns>
    public async Task<View?> TakeAsync(long jobId)
    {
        var service = grains.GetGrain<IJobServiceGrain>(0);
        if ((await service.QueryAsync(new JobQuery { Ids = [jobId], Limit = 1 })).FirstOrDefault() is not { } job)
        {
            return null;
        }

        var site = await grains.GetGrain<ISiteGrain>(job.SiteId).FindAsync();
        var events = await service.EventsAsync(new EventQuery { JobIds = [jobId] });
        var items = await service.TransferItemsAsync(new TransferItemQuery { JobIds = [jobId] });
        var errorTail = events.Where(e => e.To is JobState.RunError or JobState.RunTimeout or JobState.Failed)
            .Select(e => ErrorText.Of(e.Data)).LastOrDefault(text => text is not null) ?? ErrorText.Of(job.StateData);
        return new View(
            job.Id, job.SiteId, site?.Name ?? $"site {job.SiteId}", job.AppName, job.State.Name(), job.Workdir,
            site is null ? job.Workdir : Path.Combine(site.Path, "data", job.Workdir),
            job.Parameters, job.Tags, job.StateData, job.Data, job.ReturnCode, job.Exception, errorTail, job.ParentIds, job.BatchJobId,
            job.CreatedAt, job.LastUpdate,
            [.. events.Select(e => new HistoryEntry(e.Timestamp, e.From.Name(), e.To.Name(), e.Data))],
            [.. items.Select(i => new TransferRow(i.Id, i.Slot, i.Direction == Apps.TransferDirection.In ? "in" : "out", i.LocationAlias,
                i.RemotePath, i.LocalPath, i.State.Name(), i.TransferInfo))]);
    }
}
