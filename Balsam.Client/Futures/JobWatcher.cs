using Balsam.Client.Hosting;
using Balsam.Errors;
using Balsam.Jobs;
using Balsam.States;

namespace Balsam.Client.Futures;

/// <summary>
/// The client's one observer of jobs: waits for jobs to be done through pushes from their grains. Each watched job is
/// subscribed once (subscribe, then check the state the subscription returns, so no change is missed), and every
/// subscription is renewed well before the grain forgets it. When the connection to the service changes (a silo
/// restarted and forgot its subscribers), every open wait is subscribed again, retried until the service answers.
/// Nothing polls.
/// </summary>
internal sealed class JobWatcher : IJobObserver, IAsyncDisposable
{
    /// <summary>Renewals come this often: well inside the grains' subscription lifetime.</summary>
    public static readonly TimeSpan DefaultRenewInterval = ContractLimits.SubscriptionRenewInterval;

    private const int SubscriptionsInFlight = 64;

    private readonly IClusterClient _cluster;
    private readonly Lock _gate = new();
    private readonly Dictionary<long, Watch> _watches = [];
    private readonly SemaphoreSlim _slots = new(SubscriptionsInFlight);
    private readonly CancellationTokenSource _stop = new();
    private IJobObserver? _reference;
    private Task _renewals = Task.CompletedTask;
    private bool _disposed;
    private readonly ClusterConnectionEvents? _connection;
    private long _subscribeCalls;
    private int _resubscribing;

    public JobWatcher(IClusterClient cluster)
    {
        _cluster = cluster;
        _connection = cluster.ServiceProvider.GetService(typeof(ClusterConnectionEvents)) as ClusterConnectionEvents;
        if (_connection is not null)
        {
            _connection.Changed += OnConnectionChanged;
        }
    }

    /// <summary>How often subscriptions are renewed; set before the first wait.</summary>
    public TimeSpan RenewInterval { get; set; } = DefaultRenewInterval;

    /// <summary>The observer reference the grains push to, once the first wait started.</summary>
    public IJobObserver? Reference => _reference;

    /// <summary>How many subscribe calls were made (first subscriptions and renewals).</summary>
    public long SubscribeCalls => Interlocked.Read(ref _subscribeCalls);

    /// <summary>Completes with the job's record once it is JOB_FINISHED or FAILED.</summary>
    public async Task<JobRecord> WaitAsync(long jobId, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        var watch = Enter(jobId);
        try
        {
            var done = watch.Done.Task;
            return timeout is { } limit
                ? await done.WaitAsync(limit, cancellationToken)
                : await done.WaitAsync(cancellationToken);
        }
        finally
        {
            Leave(watch);
        }
    }

    /// <summary>Pushed by a job grain on every state change.</summary>
    public void OnJobChanged(JobRecord job)
    {
        if (!JobStateNames.Done.Contains(job.State))
        {
            return;
        }

        lock (_gate)
        {
            if (_watches.TryGetValue(job.Id, out var watch))
            {
                watch.Done.TrySetResult(job);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        List<Watch> open;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            if (_connection is not null)
            {
                _connection.Changed -= OnConnectionChanged;
            }

            open = [.. _watches.Values];
            _watches.Clear();
        }

        await _stop.CancelAsync();
        foreach (var watch in open)
        {
            watch.Done.TrySetException(new ObjectDisposedException(nameof(BalsamClient), "The client was disposed while waiting for the job"));
        }

        try
        {
            await _renewals;
        }
        catch (OperationCanceledException)
        {
        }

        if (_reference is not null)
        {
            _cluster.DeleteObjectReference<IJobObserver>(_reference);
        }

        _stop.Dispose();
    }

    private Watch Enter(long jobId)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_reference is null)
            {
                _reference = _cluster.CreateObjectReference<IJobObserver>(this);
                _renewals = RenewAsync(_stop.Token);
            }

            if (!_watches.TryGetValue(jobId, out var watch))
            {
                watch = new Watch(jobId);
                _watches[jobId] = watch;
                _ = SubscribeAsync(watch, renewal: false);
            }

            watch.Waiters++;
            return watch;
        }
    }

    /// <summary>
    /// The last waiter of a job stopped waiting. The grain's subscription is left to expire rather than cancelled: an
    /// unsubscribe could overtake a later subscribe of the same job, and pushes nobody waits for are ignored.
    /// </summary>
    private void Leave(Watch watch)
    {
        lock (_gate)
        {
            if (--watch.Waiters == 0 && _watches.TryGetValue(watch.JobId, out var current) && current == watch)
            {
                _watches.Remove(watch.JobId);
            }
        }
    }

    /// <summary>The connection changed: subscribe every open wait again (once at a time), until all got through.</summary>
    private void OnConnectionChanged()
    {
        if (Interlocked.Exchange(ref _resubscribing, 1) == 0)
        {
            _ = ResubscribeAsync();
        }
    }

    private async Task ResubscribeAsync()
    {
        try
        {
            var pause = TimeSpan.FromMilliseconds(200);
            while (!_stop.IsCancellationRequested)
            {
                await Task.Delay(pause, _stop.Token);
                Watch[] open;
                lock (_gate)
                {
                    open = [.. _watches.Values.Where(w => !w.Done.Task.IsCompleted)];
                }

                if ((await Task.WhenAll(open.Select(w => SubscribeAsync(w, renewal: true)))).All(ok => ok))
                {
                    return;
                }

                pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, TimeSpan.FromSeconds(2).Ticks)); // the service is still away
            }
        }
        catch (ObjectDisposedException)
        {
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            Volatile.Write(ref _resubscribing, 0);
        }
    }

    /// <summary>Subscribes one wait; false when a renewal did not get through (it is tried again later).</summary>
    private async Task<bool> SubscribeAsync(Watch watch, bool renewal)
    {
        try
        {
            await _slots.WaitAsync(_stop.Token);
        }
        catch (OperationCanceledException)
        {
            return true;
        }

        try
        {
            Interlocked.Increment(ref _subscribeCalls);
            var now = await _cluster.GetGrain<IJobGrain>(watch.JobId).SubscribeAsync(_reference!);
            if (JobStateNames.Done.Contains(now.State))
            {
                watch.Done.TrySetResult(now);
            }

            return true;
        }
        catch (ResourceNotFoundException e)
        {
            watch.Done.TrySetException(new DoesNotExistException("Job", $"id {watch.JobId}", e));
            return true;
        }
        catch (Exception e) when (!_stop.IsCancellationRequested && !renewal)
        {
            watch.Done.TrySetException(e);
            return true;
        }
        catch (Exception)
        {
            // Disposing (the waiter is told by DisposeAsync), or a renewal that failed: the next renewal tries again.
            return _stop.IsCancellationRequested;
        }
        finally
        {
            _slots.Release();
        }
    }

    private async Task RenewAsync(CancellationToken stop)
    {
        using var timer = new PeriodicTimer(RenewInterval);
        while (await timer.WaitForNextTickAsync(stop))
        {
            Watch[] open;
            lock (_gate)
            {
                open = [.. _watches.Values.Where(w => !w.Done.Task.IsCompleted)];
            }

            await Task.WhenAll(open.Select(w => SubscribeAsync(w, renewal: true)));
        }
    }

    private sealed class Watch(long jobId)
    {
        public long JobId { get; } = jobId;

        public TaskCompletionSource<JobRecord> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Waiters { get; set; }
    }
}
