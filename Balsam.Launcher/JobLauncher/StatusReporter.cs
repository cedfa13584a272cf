using System.Collections.Concurrent;
using Balsam.Jobs;
using Microsoft.Extensions.Logging;

namespace Balsam.Launcher.JobLauncher;

/// <summary>
/// Sends job updates in batches (SPEC §5 "updates go out in batches"): everything reported since the last flush goes
/// to the service as one bulk update. A later update of the same job waits for the next batch, so order is kept.
/// </summary>
internal sealed class StatusReporter(IJobServiceGrain jobs, ILogger logger)
{
    private readonly ConcurrentQueue<(long Id, JobPatch Patch)> _pending = new();

    public void Report(long jobId, JobPatch patch) => _pending.Enqueue((jobId, patch));

    public bool HasPending => !_pending.IsEmpty;

    public async Task FlushAsync()
    {
        while (!_pending.IsEmpty)
        {
            var batch = new Dictionary<long, JobPatch>();
            while (_pending.TryPeek(out var next) && !batch.ContainsKey(next.Id) && _pending.TryDequeue(out var update))
            {
                batch[update.Id] = update.Patch;
            }

            var result = await jobs.UpdateEachAsync(batch);
            foreach (var (id, reason) in result.Failures)
            {
                logger.LogWarning("Job {JobId}: the service refused an update: {Reason}", id, reason);
            }
        }
    }
}
