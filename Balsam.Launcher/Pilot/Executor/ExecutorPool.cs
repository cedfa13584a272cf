using Microsoft.Extensions.Logging;

namespace Balsam.Launcher.Pilot.Executor;

/// <summary>
/// The warm executors of this launcher's node: started on first need, one per <c>Run</c> job running at once, kept
/// between jobs. An executor that died (its app crashed it, or it was killed at a job's wall time) is replaced at once,
/// so the next job again finds a warm one.
/// </summary>
internal sealed class ExecutorPool(IReadOnlyList<string> runner, string siteFolder, ILogger logger) : IAsyncDisposable
{
    private readonly Stack<ExecutorProcess> _idle = new();
    private readonly List<ExecutorProcess> _all = [];
    private readonly object _gate = new();
    private bool _disposed;

    /// <summary>Runs <paramref name="request"/> on an idle executor (started when there is none).</summary>
    public IJobRun Run(ExecutorRequest request)
    {
        ExecutorProcess executor;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            executor = TakeOrStart();
        }

        return new ExecutorRun(request.JobId, executor, executor.RunAsync(request), this);
    }

    /// <summary>Takes back <paramref name="executor"/> after its job; one that died is replaced.</summary>
    public void Return(ExecutorProcess executor)
    {
        ExecutorProcess? dead = null;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            if (!executor.HasEnded)
            {
                _idle.Push(executor);
                return;
            }

            _all.Remove(executor);
            dead = executor;
            logger.LogInformation("Executor {Pid} ended; a new one starts", executor.Pid);
            try
            {
                var replacement = ExecutorProcess.Start(runner, siteFolder, logger);
                _all.Add(replacement);
                _idle.Push(replacement);
            }
            catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                logger.LogWarning("A new executor could not be started now ({Error}); the next Run job tries again", e.Message);
            }
        }

        _ = dead.DisposeAsync().AsTask();
    }

    public async ValueTask DisposeAsync()
    {
        List<ExecutorProcess> all;
        lock (_gate)
        {
            _disposed = true;
            all = [.. _all];
            _all.Clear();
            _idle.Clear();
        }

        await Task.WhenAll(all.Select(e => e.DisposeAsync().AsTask()));
    }

    private ExecutorProcess TakeOrStart()
    {
        while (_idle.TryPop(out var idle))
        {
            if (!idle.HasEnded)
            {
                return idle;
            }

            _all.Remove(idle);
            _ = idle.DisposeAsync().AsTask();
        }

        var started = ExecutorProcess.Start(runner, siteFolder, logger);
        _all.Add(started);
        return started;
    }
}
