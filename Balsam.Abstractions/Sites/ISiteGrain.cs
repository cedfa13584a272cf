using Balsam.Apps;
using Balsam.Sessions;

namespace Balsam.Sites;

/// <summary>One site, keyed by its id. Names are owned by the <see cref="Users.IUserGrain"/> of the site's owner.</summary>
[Alias("balsam.ISiteGrain")]
public interface ISiteGrain : IGrainWithIntegerKey
{
    /// <summary>Creates the site; called by the owner's user grain once the name is reserved.</summary>
    [Alias("Initialize")]
    [Auth.ServiceInternal]
    Task<SiteInfo> InitializeAsync(string owner, SiteSpec spec);

    /// <summary>The site, or <see cref="Errors.ResourceNotFoundException"/>.</summary>
    [Alias("Get")]
    Task<SiteInfo> GetAsync();

    [Alias("Find")]
    [Orleans.Concurrency.AlwaysInterleave] // read by ownership checks inside the site's own calls (register an app)
    Task<SiteInfo?> FindAsync();

    /// <summary>Moves the site (new path) and/or replaces its settings summary.</summary>
    [Alias("Update")]
    Task<SiteInfo> UpdateAsync(string? path, SiteSettingsSummary? settings);

    /// <summary>Sets the name; called by the owner's user grain, which keeps names unique.</summary>
    [Alias("SetName")]
    Task<SiteInfo> SetNameAsync(string name);

    /// <summary>The site agent is alive: refreshes <see cref="SiteInfo.LastRefresh"/>.</summary>
    [Alias("Heartbeat")]
    Task HeartbeatAsync();

    /// <summary>The site agent is alive, and this is how its services are doing.</summary>
    [Alias("ReportServices")]
    Task ReportServicesAsync(List<SiteServiceHealth> services);

    /// <summary>
    /// The scheduler service's view of the batch scheduler: backfill windows per queue and the user's scheduler jobs.
    /// Also a heartbeat.
    /// </summary>
    [Alias("PublishSchedulerState")]
    Task PublishSchedulerStateAsync(Dictionary<string, List<BackfillWindow>> backfillWindows, List<SchedulerJobStatus> queuedJobs);

    /// <summary>
    /// Deletes the site, its apps, their jobs and its ended batch jobs; returns false when there was no site. Refused
    /// while a batch job of the site may hold an allocation (end those first with <c>balsam queue rm</c>).
    /// </summary>
    [Alias("Delete")]
    Task<bool> DeleteAsync();

    [Alias("RegisterApp")]
    Task<AppInfo> RegisterAppAsync(AppDefinition definition);

    [Alias("GetApp")]
    Task<AppInfo> GetAppAsync(string name);

    [Alias("ListApps")]
    Task<IReadOnlyList<AppInfo>> ListAppsAsync();

    /// <summary>
    /// A version of the site's apps that changes whenever an app is registered or deleted: launchers and the processing
    /// service compare it when they lease jobs and re-read the apps only when it differs.
    /// </summary>
    [Alias("GetAppsVersion")]
    Task<string> GetAppsVersionAsync();

    /// <summary>Deletes the app and every job of it; returns false when there was no such app.</summary>
    [Alias("DeleteApp")]
    Task<bool> DeleteAppAsync(string name);

    /// <summary>Launchers of the site hear at once when jobs become runnable, instead of waiting for their next poll.</summary>
    [Alias("SubscribeToWork")]
    Task SubscribeToWorkAsync(ISiteWorkObserver observer);

    [Alias("UnsubscribeFromWork")]
    Task UnsubscribeFromWorkAsync(ISiteWorkObserver observer);

    /// <summary>Some job of this site became runnable or awaits a hook: tells the subscribed launchers and agents.</summary>
    [Alias("NotifyRunnable")]
    [Auth.ServiceInternal]
    [Orleans.Concurrency.OneWay]
    Task NotifyRunnableAsync();

    /// <summary>A batch job of this site was created or asked to end: tells the subscribed site agents.</summary>
    [Alias("NotifyBatchJobsChanged")]
    [Auth.ServiceInternal]
    [Orleans.Concurrency.OneWay]
    Task NotifyBatchJobsChangedAsync();

    /// <summary>Opens a launcher session at this site, optionally inside a batch job of this site (else a validation error names batch_job_id).</summary>
    [Alias("OpenSession")]
    [Balsam.Errors.NotIdempotent]
    Task<SessionInfo> OpenSessionAsync(long? batchJobId);

    /// <summary>
    /// The ids of the site's open sessions, ascending. A session leaves the list when it is closed or expires; one that
    /// just ended may still be listed for a moment (its <see cref="ISessionGrain.GetAsync"/> then says it is gone).
    /// </summary>
    [Alias("SessionIds")]
    Task<IReadOnlyList<long>> SessionIdsAsync();

    /// <summary>A session of this site ended; called by the session.</summary>
    [Alias("SessionEnded")]
    [Auth.ServiceInternal]
    [Orleans.Concurrency.OneWay]
    Task SessionEndedAsync(long sessionId);
}
