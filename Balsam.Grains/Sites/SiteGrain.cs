using Balsam.Apps;
using Balsam.Errors;
using Balsam.Ids;
using Balsam.Jobs;
using Balsam.Sessions;

namespace Balsam.Sites;

[GrainType("balsam-site")]
public sealed class SiteGrain(
    [PersistentState("site", StorageNames.Catalogue)] IPersistentState<SiteState> state,
    IJobStore jobs,
    BatchJobs.IBatchJobStore batchJobs,
    IIdGenerator ids) : Grain, ISiteGrain, Security.IOwnedGrain
{
    private readonly Orleans.Utilities.ObserverManager<ISiteWorkObserver> _workObservers =
        new(ContractLimits.SubscriptionLifetime, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);

    // Apps changed since this activation began, behind an id of the activation: a version that never repeats.
    private readonly string _appsEpoch = Guid.NewGuid().ToString("N");
    private long _appChanges;

    private long Id => this.GetPrimaryKeyLong();

    private SiteInfo Site => state.State.Site ?? throw NotFound();

    public ValueTask<string?> OwnerAsync(Security.SiteOwners owners) => ValueTask.FromResult(state.State.Site?.Owner);

    public ResourceNotFoundException NotFound() => new("Site", Id.ToString());

    public async Task<SiteInfo> InitializeAsync(string owner, SiteSpec spec)
    {
        SiteValidator.ValidateSpec(spec);
        if (state.State.Site is not null)
        {
            throw new InvalidOperationException($"Site {Id} already exists");
        }

        var now = DateTimeOffset.UtcNow;
        state.State.Site = new SiteInfo
        {
            Id = Id, Name = spec.Name, Path = spec.Path, Owner = owner, CreatedAt = now, Settings = spec.Settings,
        };
        await state.WriteStateAsync();
        return state.State.Site;
    }

    public Task<SiteInfo> GetAsync() => Task.FromResult(Site);

    public Task<SiteInfo?> FindAsync() => Task.FromResult(state.State.Site);

    public Task<SiteInfo> UpdateAsync(string? path, SiteSettingsSummary? settings)
    {
        SiteValidator.ValidateUpdate(Site.Name, path, settings);
        return SaveAsync(Site with { Path = path ?? Site.Path, Settings = settings ?? Site.Settings });
    }

    public Task<SiteInfo> SetNameAsync(string name)
    {
        SiteValidator.ValidateName(name);
        return SaveAsync(Site with { Name = name });
    }

    public Task HeartbeatAsync() => SaveAsync(Site with { LastRefresh = DateTimeOffset.UtcNow });

    public Task ReportServicesAsync(List<SiteServiceHealth> services) =>
        SaveAsync(Site with { LastRefresh = DateTimeOffset.UtcNow, Services = services });

    public Task PublishSchedulerStateAsync(Dictionary<string, List<BackfillWindow>> backfillWindows, List<SchedulerJobStatus> queuedJobs) =>
        SaveAsync(Site with { BackfillWindows = backfillWindows, QueuedJobs = queuedJobs, LastRefresh = DateTimeOffset.UtcNow });

    public async Task<bool> DeleteAsync()
    {
        if (state.State.Site is not { } site)
        {
            return false;
        }

        var active = await batchJobs.CountAsync(new BatchJobs.BatchJobQuery { SiteIds = [Id], States = [.. BatchJobs.BatchJobStateNames.Active] });
        if (active > 0)
        {
            throw new BalsamValidationException($"site '{site.Name}'", "batch_jobs",
                $"{active} batch job(s) may still hold an allocation: end them first (balsam queue rm), then delete the site");
        }

        await jobs.DeleteAllAsync(Id, appName: null);
        await batchJobs.DeleteBySiteAsync(Id);
        await Task.WhenAll(site.AppNames.Select(name => AppGrain(name).DeleteAsync()));
        await state.ClearStateAsync();
        state.State.Site = null;
        return true;
    }

    public async Task<AppInfo> RegisterAppAsync(AppDefinition definition)
    {
        var site = Site;
        var app = await AppGrain(definition.Name).RegisterAsync(definition);
        if (!site.AppNames.Contains(app.Name))
        {
            await SaveAsync(site with { AppNames = [.. site.AppNames.Append(app.Name).Order(StringComparer.Ordinal)] });
        }

        _appChanges++;
        return app;
    }

    public Task<string> GetAppsVersionAsync() => Task.FromResult($"{_appsEpoch}:{_appChanges}");

    public async Task<AppInfo> GetAppAsync(string name)
    {
        var site = Site;
        return site.AppNames.Contains(name)
            ? await AppGrain(name).GetAsync()
            : throw new ResourceNotFoundException("App", $"'{name}' at site '{site.Name}'");
    }

    public async Task<IReadOnlyList<AppInfo>> ListAppsAsync()
    {
        var apps = await Task.WhenAll(Site.AppNames.Select(name => AppGrain(name).FindAsync()));
        return apps.OfType<AppInfo>().ToList();
    }

    public async Task<bool> DeleteAppAsync(string name)
    {
        var site = Site;
        if (!site.AppNames.Contains(name))
        {
            return false;
        }

        await jobs.DeleteAllAsync(Id, name);
        await AppGrain(name).DeleteAsync();
        await SaveAsync(site with { AppNames = site.AppNames.Where(n => n != name).ToList() });
        _appChanges++;
        return true;
    }

    public Task SubscribeToWorkAsync(ISiteWorkObserver observer)
    {
        _ = Site;
        _workObservers.Subscribe(observer, observer);
        return Task.CompletedTask;
    }

    public Task UnsubscribeFromWorkAsync(ISiteWorkObserver observer)
    {
        _workObservers.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    public Task NotifyRunnableAsync()
    {
        _workObservers.Notify(observer => observer.OnRunnableWork(Id));
        return Task.CompletedTask;
    }

    public Task NotifyBatchJobsChangedAsync()
    {
        _workObservers.Notify(observer => observer.OnBatchJobsChanged(Id));
        return Task.CompletedTask;
    }

    public async Task<SessionInfo> OpenSessionAsync(long? batchJobId)
    {
        _ = Site;
        if (batchJobId is { } batchJob && (await batchJobs.GetAsync(batchJob))?.SiteId != Id)
        {
            throw new BalsamValidationException("session", "batch_job_id", $"batch job {batchJob} does not exist at site {Id}");
        }

        var sessionId = await ids.NextAsync(IdKind.Session);
        // Listed before it opens: a session that failed to open is only listed, never missing from the list.
        state.State.Sessions.Add(sessionId);
        await state.WriteStateAsync();
        return await GrainFactory.GetGrain<ISessionGrain>(sessionId).OpenAsync(Id, batchJobId);
    }

    public Task<IReadOnlyList<long>> SessionIdsAsync() =>
        Task.FromResult<IReadOnlyList<long>>(state.State.Site is null ? [] : [.. state.State.Sessions.Order()]);

    public async Task SessionEndedAsync(long sessionId)
    {
        if (state.State.Site is not null && state.State.Sessions.Remove(sessionId))
        {
            await state.WriteStateAsync();
        }
    }

    private IAppGrain AppGrain(string name) => GrainFactory.GetGrain<IAppGrain>(AppKey.For(Id, name));

    private async Task<SiteInfo> SaveAsync(SiteInfo site)
    {
        state.State.Site = site;
        await state.WriteStateAsync();
        return site;
    }
}
