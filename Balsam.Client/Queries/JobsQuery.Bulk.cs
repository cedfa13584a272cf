using System.Collections.Concurrent;
using Balsam.Jobs;
using ServerQuery = Balsam.Jobs.JobQuery;

namespace Balsam.Client.Queries;

/// <summary>Changing and deleting every job a query matches.</summary>
public sealed partial class JobsQuery
{
    /// <summary>Applies one change to every matching job (each through its own state machine).</summary>
    /// <param name="change">Sets what changes, e.g. <c>j =&gt; j.State = JobState.RestartReady</c>.</param>
    /// <param name="cancellationToken">Cancels the wait (changes may still happen).</param>
    /// <returns>How many jobs matched and changed, and why the others did not.</returns>
    public Task<BulkResult> UpdateAsync(Action<JobUpdate> change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        var update = new JobUpdate();
        change(update);
        return UpdateAsync(update, cancellationToken);
    }

    /// <summary>Applies one change to every matching job (each through its own state machine).</summary>
    /// <param name="update">What changes.</param>
    /// <param name="cancellationToken">Cancels the wait (changes may still happen).</param>
    /// <returns>How many jobs matched and changed, and why the others did not.</returns>
    public async Task<BulkResult> UpdateAsync(JobUpdate update, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(update);
        if (update.IsEmpty)
        {
            return new BulkResult(0, 0, []);
        }

        if (!update.ChangesResources)
        {
            return await ForMatchesAsync((service, query) => service.UpdateAsync(query, update.ToPatch(null)), cancellationToken);
        }

        // Resources travel as a whole: merge the change into each job's own resources.
        var failures = new ConcurrentDictionary<long, string>();
        int matched = 0, changed = 0;
        var matches = await ToListAsync(cancellationToken);
        var options = new ParallelOptions { MaxDegreeOfParallelism = UpdatesInFlight, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(matches, options, async (job, _) =>
        {
            Interlocked.Increment(ref matched);
            try
            {
                await _client.Jobs.GrainOf(job.Id).UpdateAsync(update.ToPatch(job.Stored!.Resources));
                Interlocked.Increment(ref changed);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                failures[job.Id] = e.Message;
            }
        });
        return new BulkResult(matched, changed, new(failures));
    }

    /// <summary>Deletes every matching job that no launcher session holds.</summary>
    /// <param name="cancellationToken">Cancels the wait (deletions may still happen).</param>
    /// <returns>How many jobs matched and were deleted, and why the others were not.</returns>
    public Task<BulkResult> DeleteAsync(CancellationToken cancellationToken = default) =>
        ForMatchesAsync((service, query) => service.DeleteAsync(query), cancellationToken);

    /// <summary>
    /// Runs a bulk operation on the service over the matches. The service handles at most
    /// <see cref="ServerQuery.MaxPageSize"/> jobs per query; past that, the matching ids are read first (so the
    /// operation cannot change which jobs match) and sent in chunks.
    /// </summary>
    private async Task<BulkResult> ForMatchesAsync(Func<IJobServiceGrain, ServerQuery, Task<BulkResult>> operation, CancellationToken cancellationToken)
    {
        if (await ResolveAsync(cancellationToken) is not { } query)
        {
            return new BulkResult(0, 0, []);
        }

        var service = _client.Jobs.Service;
        var cap = _client.Jobs.BulkQueryCap;
        if ((Limit ?? int.MaxValue) <= cap || Sliced(await service.CountAsync(query).WaitAsync(cancellationToken)) <= cap)
        {
            return await operation(service, query).WaitAsync(cancellationToken);
        }

        var ids = new List<long>();
        await foreach (var job in FetchAsync(cancellationToken))
        {
            ids.Add(job.Id);
        }

        int matched = 0, changed = 0;
        var failures = new Dictionary<long, string>();
        foreach (var chunk in ids.Chunk(cap))
        {
            var result = await operation(service, new ServerQuery { Ids = [.. chunk], SiteIds = query.SiteIds }).WaitAsync(cancellationToken);
            (matched, changed) = (matched + result.Matched, changed + result.Changed);
            foreach (var (id, why) in result.Failures)
            {
                failures[id] = why;
            }
        }

        return new BulkResult(matched, changed, failures);
    }
}
