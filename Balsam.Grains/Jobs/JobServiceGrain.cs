using Balsam.Apps;
using Balsam.Sites;
using Balsam.States;
using Balsam.Validation;
using Orleans.Concurrency;

namespace Balsam.Jobs;

/// <summary>
/// Bulk create, queries and bulk changes. A user's call sees only jobs of the user's own sites, whatever the query asks
/// (<see cref="Security.SiteOwners.VisibleAsync"/>): the scope is set here, in the silo.
/// </summary>
[StatelessWorker]
[GrainType("balsam-job-service")]
public sealed class JobServiceGrain(IJobStore store, Security.SiteOwners owners) : Grain, IJobServiceGrain
{
    private const int GrainCallsInFlight = 64;

    public async Task<IReadOnlyList<JobRecord>> CreateAsync(IReadOnlyList<JobSpec> jobs)
    {
        if (jobs.Count == 0)
        {
            return [];
        }

        if (jobs.Count > ContractLimits.MaxBulkCreate)
        {
            throw new Errors.BalsamValidationException("bulk create", "jobs",
                $"{jobs.Count} jobs in one call; the limit is {ContractLimits.MaxBulkCreate}");
        }

        var sites = new Dictionary<long, SiteInfo?>();
        foreach (var siteId in jobs.Select(j => j.SiteId).Distinct())
        {
            var site = await GrainFactory.GetGrain<ISiteGrain>(siteId).FindAsync();
            sites[siteId] = site is not null && Security.CallerScope.Current is { } caller && site.Owner != caller ? null : site;
        }

        var apps = new Dictionary<(long, string), AppInfo?>();
        foreach (var key in jobs.Select(j => (j.SiteId, j.AppName)).Distinct())
        {
            apps[key] = sites[key.SiteId] is { } site && site.AppNames.Contains(key.AppName)
                ? await GrainFactory.GetGrain<IAppGrain>(AppKey.For(key.SiteId, key.AppName)).FindAsync()
                : null;
        }

        var validated = JobSpecValidator.Validate(jobs, (site, app) => apps[(site, app)], site => sites[site]);
        var created = await store.InsertAsync(validated);
        foreach (var siteId in created.Where(j => JobStateNames.Runnable.Contains(j.State)).Select(j => j.SiteId).Distinct())
        {
            GrainFactory.GetGrain<ISiteGrain>(siteId).NotifyRunnableAsync().Ignore();
        }

        return created;
    }

    public async Task<IReadOnlyList<JobRecord>> QueryAsync(JobQuery query) => await store.QueryAsync(await ScopedAsync(query));

    public async Task<long> CountAsync(JobQuery query) => await store.CountAsync(await ScopedAsync(query));

    public async Task<JobFootprint> FootprintAsync(JobQuery query) => await store.FootprintAsync(await ScopedAsync(query));

    public async Task<IReadOnlyList<JobEvent>> EventsAsync(EventQuery query) =>
        await store.EventsAsync(query with { SiteIds = await owners.VisibleAsync(query.SiteIds) });

    public async Task<IReadOnlyList<Transfers.TransferItemRecord>> TransferItemsAsync(Transfers.TransferItemQuery query)
    {
        var errors = new ValidationCollector("transfer item query");
        errors.Require(query.Limit is null or (>= 0 and <= JobQuery.MaxPageSize), "limit", $"must be 0 to {JobQuery.MaxPageSize}");
        errors.Require(query.Offset >= 0, "offset", "must be zero or more");
        errors.ThrowIfAny();
        return await store.TransferItemsAsync(query with { SiteIds = await owners.VisibleAsync(query.SiteIds) });
    }

    public async Task<int> UpdateTransferItemsAsync(IReadOnlyList<Transfers.TransferItemUpdate> updates)
    {
        var errors = new ValidationCollector("transfer item update");
        errors.Require(updates.Count <= ContractLimits.MaxBulkCreate, "updates",
            $"{updates.Count} items in one call; the limit is {ContractLimits.MaxBulkCreate}");
        errors.Require(updates.All(u => u.State != Transfers.TransferItemState.AwaitingJob), "state",
            "only the server sets awaiting_job (stage-outs wait for their job)");
        errors.Require(updates.Select(u => u.Id).Distinct().Count() == updates.Count, "id", "each item may appear once per call");
        errors.ThrowIfAny();
        if (updates.Count == 0)
        {
            return 0;
        }

        // A user changes only items of their own sites' jobs; another user's items are left as they are, as if missing.
        var changed = await store.UpdateTransferItemsAsync(updates, await owners.VisibleAsync(null));
        await ForEachAsync([.. changed.Distinct()], async id =>
        {
            await GrainFactory.GetGrain<IJobGrain>(id).TransfersChangedAsync();
            return true;
        });
        return changed.Count;
    }

    public async Task<BulkResult> UpdateAsync(JobQuery query, JobPatch patch)
    {
        var ids = await store.QueryIdsAsync(await ScopedAsync(query));
        return await ForEachAsync(ids, async id =>
        {
            await GrainFactory.GetGrain<IJobGrain>(id).UpdateAsync(patch);
            return true;
        });
    }

    /// <remarks>
    /// Each job grain checks that the caller may see its job (<see cref="JobGrain.UpdateAsync"/>), from the site owners
    /// the silo keeps in memory: a launcher's report batch costs no query of the store before its writes.
    /// </remarks>
    public async Task<BulkResult> UpdateEachAsync(IReadOnlyDictionary<long, JobPatch> patches)
    {
        // The batch's writes wait for one another in the job store and share one commit.
        ReportBatch.Begin(Math.Min(patches.Count, GrainCallsInFlight));
        try
        {
            return await ForEachAsync([.. patches.Keys], async id =>
            {
                await GrainFactory.GetGrain<IJobGrain>(id).UpdateAsync(patches[id]);
                return true;
            });
        }
        finally
        {
            ReportBatch.End();
        }
    }

    public async Task<BulkResult> DeleteAsync(JobQuery query)
    {
        var ids = await store.QueryIdsAsync(await ScopedAsync(query));
        return await ForEachAsync(ids, id => GrainFactory.GetGrain<IJobGrain>(id).DeleteAsync());
    }

    /// <summary>The query, checked, narrowed to the sites the caller may see.</summary>
    private async Task<JobQuery> ScopedAsync(JobQuery query) =>
        Checked(query) with { SiteIds = await owners.VisibleAsync(query.SiteIds) };

    /// <summary>Runs the action for every id, a bounded number at a time, on this activation's scheduler.</summary>
    private static async Task<BulkResult> ForEachAsync(IReadOnlyList<long> ids, Func<long, Task<bool>> action)
    {
        var failures = new Dictionary<long, string>();
        var transient = new List<long>();
        var changed = 0;
        using var slots = new SemaphoreSlim(GrainCallsInFlight);
        await Task.WhenAll(ids.Select(async id =>
        {
            await slots.WaitAsync();
            try
            {
                if (await action(id))
                {
                    changed++;
                }
                else
                {
                    failures[id] = "held by a session (running or acquired)";
                }
            }
            catch (Exception e)
            {
                failures[id] = e.Message;
                if (IsTransient(e))
                {
                    transient.Add(id);
                }
            }
            finally
            {
                slots.Release();
            }
        }));
        return new BulkResult(ids.Count, changed, failures, transient);
    }

    /// <summary>
    /// A passing failure, worth resending: besides <see cref="Errors.TransientErrors"/>, a job grain that could not read or
    /// write its storage (the database was down), which reaches this grain as Orleans' storage-provider wrapper, possibly
    /// around a driver exception with no codec, rather than through the transient-error filter.
    /// </summary>
    private static bool IsTransient(Exception error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            if (Errors.TransientErrors.IsTransient(e) || e is Orleans.Storage.InconsistentStateException or IOException
                || e.Message.StartsWith("Error from storage provider", StringComparison.Ordinal)
                || e.GetType().Namespace?.StartsWith("Npgsql", StringComparison.Ordinal) == true)
            {
                return true;
            }
        }

        return false;
    }

    private static JobQuery Checked(JobQuery query)
    {
        var errors = new ValidationCollector("job query");
        errors.Require(query.Limit is null or (>= 0 and <= JobQuery.MaxPageSize), "limit", $"must be 0 to {JobQuery.MaxPageSize}");
        errors.Require(query.Offset >= 0, "offset", "must be zero or more");
        errors.ThrowIfAny();
        return query;
    }
}
