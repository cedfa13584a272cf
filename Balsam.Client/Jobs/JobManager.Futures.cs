using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Balsam.Client.Jobs;

/// <summary>Waiting for many jobs: pushed completions, never a polling loop.</summary>
public sealed partial class JobManager
{
    /// <summary>
    /// Waits until all (or the first) of the jobs are done, or the timeout passes; never throws on timeout (the twin
    /// of <c>concurrent.futures.wait</c>).
    /// <code>
    /// var (done, notDone) = await balsam.Jobs.WaitAsync(jobs, ReturnWhen.FirstCompleted, TimeSpan.FromMinutes(1));
    /// </code>
    /// </summary>
    /// <param name="jobs">Jobs that exist.</param>
    /// <param name="returnWhen">Whether to return at the first completion or when all are done.</param>
    /// <param name="timeout">How long to wait; null waits as long as it takes.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The done jobs (refreshed, in the order they were seen done) and the others.</returns>
    /// <exception cref="DoesNotExistException">A job was deleted.</exception>
    public async Task<WaitResult> WaitAsync(IEnumerable<Job> jobs, ReturnWhen returnWhen = ReturnWhen.AllCompleted,
        TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var list = Distinct(jobs);
        var done = new List<Job>();
        try
        {
            await foreach (var job in CompletionsAsync(list, timeout, cancellationToken))
            {
                done.Add(job);
                if (returnWhen == ReturnWhen.FirstCompleted)
                {
                    break;
                }
            }
        }
        catch (TimeoutException)
        {
            // The wait is over: report what is done so far.
        }

        var seen = done.ToHashSet(ReferenceEqualityComparer.Instance);
        return new WaitResult(done, [.. list.Where(j => !seen.Contains(j))]);
    }

    /// <summary>
    /// Yields each job as it becomes done: those already done first, then the others as their completions are pushed.
    /// <code>
    /// await foreach (var job in balsam.Jobs.AsCompleted(jobs, TimeSpan.FromHours(1)))
    ///     Console.WriteLine($"{job.Workdir}: {job.State}");
    /// </code>
    /// </summary>
    /// <param name="jobs">Jobs that exist.</param>
    /// <param name="timeout">How long to wait in all; null waits as long as it takes.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The jobs, refreshed, in the order they became done.</returns>
    /// <exception cref="TimeoutException">Some jobs were not done within <paramref name="timeout"/> (after the done ones were yielded).</exception>
    /// <exception cref="DoesNotExistException">A job was deleted.</exception>
    public IAsyncEnumerable<Job> AsCompleted(IEnumerable<Job> jobs, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        CompletionsAsync(Distinct(jobs), timeout, cancellationToken);

    private static List<Job> Distinct(IEnumerable<Job> jobs)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        var list = jobs.Distinct(ReferenceEqualityComparer.Instance).Cast<Job>().ToList();
        if (list.FirstOrDefault(j => j.IsNew) is { } unsaved)
        {
            throw new InvalidOperationException($"{unsaved} does not exist yet: create it before waiting for it");
        }

        return list;
    }

    private async IAsyncEnumerable<Job> CompletionsAsync(IReadOnlyList<Job> jobs, TimeSpan? timeout,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var waits = new List<Task<Job>>();
        var ready = new List<Job>();
        foreach (var job in jobs)
        {
            if (job.IsDone)
            {
                ready.Add(job);
            }
            else
            {
                waits.Add(WaitOneAsync(job, stop.Token));
            }
        }

        IAsyncEnumerator<Task<Job>>? completions = null;
        Task<bool>? move = null;
        try
        {
            foreach (var job in ready)
            {
                yield return job;
            }

            var yielded = 0;
            completions = Task.WhenEach(waits).GetAsyncEnumerator(CancellationToken.None);
            while (true)
            {
                move = completions.MoveNextAsync().AsTask();
                if (timeout is { } limit)
                {
                    var left = limit - clock.Elapsed;
                    try
                    {
                        await move.WaitAsync(left > TimeSpan.Zero ? left : TimeSpan.Zero, cancellationToken);
                    }
                    catch (TimeoutException)
                    {
                        throw new TimeoutException($"{waits.Count - yielded} of {jobs.Count} jobs were not done within {limit}");
                    }
                }

                var more = await move;
                move = null;
                if (!more)
                {
                    yield break;
                }

                yielded++;
                yield return await completions.Current;
            }
        }
        finally
        {
            // Release the watches, let the enumerator see every wait end, then dispose it.
            await stop.CancelAsync();
            await Task.WhenAll(waits.Select(Settled));
            if (move is not null)
            {
                await Settled(move);
            }

            if (completions is not null)
            {
                await completions.DisposeAsync();
            }
        }
    }

    private static Task Settled(Task task) => task.ContinueWith(_ => { }, CancellationToken.None,
        TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    private async Task<Job> WaitOneAsync(Job job, CancellationToken cancellationToken)
    {
        job.Apply(await _client.Watcher.WaitAsync(job.Id, null, cancellationToken));
        return job;
    }
}
