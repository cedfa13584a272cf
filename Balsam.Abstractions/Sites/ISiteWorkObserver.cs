using Orleans.Concurrency;

namespace Balsam.Sites;

/// <summary>
/// Told when jobs of a site become runnable or wait for a hook, so an idle launcher or processing service acquires at
/// once, and when its batch jobs change, so the scheduler service submits or deletes at once (push, not poll).
/// </summary>
[Alias("balsam.ISiteWorkObserver")]
public interface ISiteWorkObserver : IGrainObserver
{
    [OneWay]
    [Alias("OnRunnableWork")]
    void OnRunnableWork(long siteId);

    /// <summary>A batch job of the site was created or asked to end: the scheduler service acts without waiting a sync period.</summary>
    [OneWay]
    [Alias("OnBatchJobsChanged")]
    void OnBatchJobsChanged(long siteId);
}
