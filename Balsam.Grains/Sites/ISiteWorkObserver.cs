using Orleans.Concurrency;

namespace Balsam.Sites;

/// <summary>
/// Told when jobs of a site become runnable or wait for a hook, so an idle launcher or processing service acquires at
/// once (push, not poll).
/// </summary>
[Alias("balsam.ISiteWorkObserver")]
public interface ISiteWorkObserver : IGrainObserver
{
    [OneWay]
    [Alias("OnRunnableWork")]
    void OnRunnableWork(long siteId);
}
