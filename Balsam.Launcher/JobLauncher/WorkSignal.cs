using Balsam.Sites;

namespace Balsam.Launcher.JobLauncher;

/// <summary>
/// Wakes the launcher loop: when a job process ends, and when the site says jobs became runnable (pushed by the
/// service). The loop waits on it with the poll period as a time-out, so a missed push costs at most one period.
/// </summary>
internal sealed class WorkSignal : ISiteWorkObserver
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void OnRunnableWork(long siteId) => Set();

    public void Set()
    {
        try
        {
            _signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // already set
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);
}
