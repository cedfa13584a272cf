using System.Collections.Concurrent;
using Balsam.Jobs;
using Microsoft.Extensions.Logging;

namespace Balsam.Launcher.Pilot;

/// <summary>
/// Sends job updates in batches (SPEC §5 "updates go out in batches"): everything reported since the last flush goes
/// to the service as one bulk update. A later update of the same job waits for the next batch, so order is kept.
/// </summary>
internal sealed class StatusReporter(IJobServiceGrain jobs, ILogger logger)
{
    private readonly ConcurrentQueue<(long Id, JobPatch Patch)> _pending = new();
    private Dictionary<long, JobPatch>? _unsent;

    public void Report(long jobId, JobPatch patch) => _pending.Enqueue((jobId, patch));

    public bool HasPending => !_pending.IsEmpty || _unsent is not null;

    /// <summary>
    /// Sends everything reported so far. When the service cannot be reached the batch is kept and sent first next time,
    /// so a passing outage delays updates but never loses them or stops the launcher.
    /// </summary>
    public async Task FlushAsync()
    {
        while (HasPending)
        {
            var batch = _unsent ?? new Dictionary<long, JobPatch>();
            _unsent = null;
            while (_pending.TryPeek(out var next) && !batch.ContainsKey(next.Id) && _pending.TryDequeue(out var update))
            {
                batch[update.Id] = update.Patch;
            }

            BulkResult result;
            try
            {
                result = await jobs.UpdateEachAsync(batch);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning("Could not send {Count} job updates ({Error}); they are sent again with the next batch", batch.Count, e.Message);
                _unsent = batch;
                return;
            }

            foreach (var (id, reason) in result.Failures)
            {
                logger.LogWarning("Job {JobId}: the service refused an update: {Reason}", id, reason);
            }
        }
    }
}
