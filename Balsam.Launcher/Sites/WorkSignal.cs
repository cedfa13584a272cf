using Balsam.Sites;

namespace Balsam.Launcher.Sites;

/// <summary>
/// Wakes a loop when the site says jobs became runnable or wait for a hook (pushed by the service), or, for the scheduler
/// service (<paramref name="batchJobs"/>), when its batch jobs changed. A set that nobody waits for is kept until the
/// next wait, so no push is lost; the loop's poll period is only a fallback.
/// </summary>
internal sealed class WorkSignal(bool batchJobs = false) : ISiteWorkObserver
{
    private readonly Lock _lock = new();
    private TaskCompletionSource _next = NewSource();

    public void OnRunnableWork(long siteId)
    {
        if (!batchJobs)
        {
            Set();
        }
    }

    public void OnBatchJobsChanged(long siteId)
    {
        if (batchJobs)
        {
            Set();
        }
    }

    public void Set()
    {
        lock (_lock)
        {
            _next.TrySetResult();
        }
    }

    /// <summary>Completes when set (at once if it was set since the last wait), or after <paramref name="timeout"/>.</summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        Task signalled;
        lock (_lock)
        {
            if (_next.Task.IsCompleted)
            {
                _next = NewSource();
                return;
            }

            signalled = _next.Task;
        }

        await Task.WhenAny(signalled, Task.Delay(timeout, cancellationToken));
        lock (_lock)
        {
            if (_next.Task.IsCompleted)
            {
                _next = NewSource();
            }
        }
    }

    private static TaskCompletionSource NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
