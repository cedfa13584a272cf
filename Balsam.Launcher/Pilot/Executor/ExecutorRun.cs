namespace Balsam.Launcher.Pilot.Executor;

/// <summary>
/// A job running on a warm executor. Stopping it cancels its <c>Run</c>'s token; a run that has not returned after
/// the grace period has its executor killed (the pool starts another), which is what a job process gets too.
/// </summary>
internal sealed class ExecutorRun : IJobRun
{
    private readonly long _jobId;
    private readonly ExecutorProcess _executor;
    private readonly Task<int> _exit;

    public ExecutorRun(long jobId, ExecutorProcess executor, Task<int> exit, ExecutorPool pool)
    {
        _jobId = jobId;
        _executor = executor;
        _exit = exit;
        Finished = ReturnWhenDoneAsync(pool);
    }

    public Task Finished { get; }

    public bool HasExited => Finished.IsCompleted;

    public int ExitCode => _exit.Result;

    public async Task StopAsync(TimeSpan grace)
    {
        if (HasExited)
        {
            return;
        }

        _executor.Cancel(_jobId);
        if (await Task.WhenAny(Finished, Task.Delay(grace)) != Finished)
        {
            await _executor.KillAsync();
        }

        await Finished;
    }

    public void Dispose()
    {
    }

    private async Task ReturnWhenDoneAsync(ExecutorPool pool)
    {
        await _exit;
        pool.Return(_executor);
    }
}
