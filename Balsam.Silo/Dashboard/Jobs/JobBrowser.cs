using Balsam.Jobs;
using Balsam.Sites;
using Balsam.States;

namespace Balsam.Silo.Dashboard.Jobs;

/// <summary>One page of a site's jobs under a <see cref="JobBrowserFilter"/>, with the total to page through.</summary>
public sealed class JobBrowser(IGrainFactory grains)
{
    public sealed record Row(long Id, string AppName, string State, string Workdir, IReadOnlyDictionary<string, string> Tags, DateTimeOffset LastUpdate);

    public sealed record Page(
        long SiteId, string SiteName, IReadOnlyList<string> Apps, IReadOnlyList<string> States, long Total, int PageNumber, int PageSize,
        IReadOnlyList<Row> Jobs);

    /// <returns>Null when there is no such site.</returns>
    public async Task<Page?> TakeAsync(long siteId, JobBrowserFilter filter)
    {
        if (await grains.GetGrain<ISiteGrain>(siteId).FindAsync() is not { } site)
        {
            return null;
        }

        var service = grains.GetGrain<IJobServiceGrain>(0);
        var query = filter.ToQuery(siteId);
        var total = await service.CountAsync(query);
        var jobs = await service.QueryAsync(query with { Limit = filter.PageSize, Offset = (filter.Page - 1) * filter.PageSize });
        return new Page(site.Id, site.Name, [.. site.AppNames.Order()], [.. Enum.GetValues<JobState>().Select(s => s.Name())], total,
            filter.Page, filter.PageSize,
            [.. jobs.Select(j => new Row(j.Id, j.AppName, j.State.Name(), j.Workdir, j.Tags, j.LastUpdate))]);
    }
}
