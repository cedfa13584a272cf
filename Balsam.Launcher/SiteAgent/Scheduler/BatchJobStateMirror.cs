using Balsam.BatchJobs;
using Balsam.Launcher.Scheduling;
using Balsam.Sites;
using Microsoft.Extensions.Logging;

namespace Balsam.Launcher.SiteAgent.Scheduler;

/// <summary>
/// Mirrors the scheduler's listing onto submitted batch jobs: their states, their end (with start and end times from
/// the scheduler's log) and deletions asked for. A batch job missing from the listing ends only after two listings in
/// a row and <see cref="ListingGrace"/> after its first miss (a scheduler may list a new job late).
/// </summary>
internal sealed class BatchJobStateMirror(string siteFolder, IBatchScheduler scheduler, ILogger logger)
{
    public static readonly TimeSpan ListingGrace = TimeSpan.FromSeconds(30);

    private readonly Dictionary<long, (int Count, DateTimeOffset First)> _absences = [];

    /// <summary>Forgets the misses of batch jobs no longer active.</summary>
    public void KeepOnly(IEnumerable<long> activeIds)
    {
        foreach (var gone in _absences.Keys.Except(activeIds).ToList())
        {
            _absences.Remove(gone);
        }
    }

    /// <summary>The patch that brings a submitted batch job in line with its scheduler status (null: absent from the listing), if any.</summary>
    public async Task<BatchJobPatch?> FollowAsync(BatchJobRecord batchJob, SchedulerJobStatus? status, CancellationToken cancellationToken)
    {
        if (status is null)
        {
            return await AbsentAsync(batchJob, cancellationToken);
        }

        _absences.Remove(batchJob.Id);
        if (status.State == BatchJobState.Finished)
        {
            return await FinishedAsync(batchJob, status.SchedulerState, cancellationToken);
        }

        if (batchJob.State == BatchJobState.PendingDeletion)
        {
            return await DeleteAsync(batchJob, cancellationToken);
        }

        if (SchedulerStateText.IsUnknown(status.SchedulerState) || status.State == batchJob.State)
        {
            return batchJob.StatusInfo.GetValueOrDefault("scheduler_state") == status.SchedulerState || status.SchedulerState.Length == 0
                ? null
                : new BatchJobPatch { StatusInfo = new() { ["scheduler_state"] = status.SchedulerState } };
        }

        // A scheduler that fails a job after it started (Cobalt "failed") ends it: it ran, so it did not fail to submit.
        var next = status.State == BatchJobState.SubmitFailed && batchJob.State == BatchJobState.Running ? BatchJobState.Finished : status.State;
        return new BatchJobPatch { State = next, StatusInfo = new() { ["scheduler_state"] = status.SchedulerState } };
    }

    private async Task<BatchJobPatch?> AbsentAsync(BatchJobRecord batchJob, CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow;
        var (count, first) = _absences.TryGetValue(batchJob.Id, out var seen) ? (seen.Count + 1, seen.First) : (1, now);
        _absences[batchJob.Id] = (count, first);
        if (count < 2 || now - first < ListingGrace)
        {
            return null;
        }

        _absences.Remove(batchJob.Id);
        return await FinishedAsync(batchJob, "no longer listed by the scheduler", cancellationToken);
    }

    private async Task<BatchJobPatch> FinishedAsync(BatchJobRecord batchJob, string schedulerState, CancellationToken cancellationToken)
    {
        var log = SchedulerJobLog.Unknown;
        try
        {
            log = await scheduler.GetLogAsync(batchJob.SchedulerId ?? 0, BatchJobStatusInfo.ScriptPath(siteFolder, batchJob), cancellationToken);
        }
        catch (Exception e) when (e is SchedulerException or IOException)
        {
            logger.LogWarning("Batch job {BatchJobId}: start and end times unknown: {Message}", batchJob.Id, e.Message);
        }

        return new BatchJobPatch
        {
            State = BatchJobState.Finished,
            StartTime = batchJob.StartTime is null ? log.StartTime : null,
            EndTime = log.EndTime,
            StatusInfo = new() { ["scheduler_state"] = schedulerState },
        };
    }

    private async Task<BatchJobPatch?> DeleteAsync(BatchJobRecord batchJob, CancellationToken cancellationToken)
    {
        try
        {
            await scheduler.DeleteAsync(batchJob.SchedulerId!.Value, cancellationToken);
            logger.LogInformation("Batch job {BatchJobId}: asked {Scheduler} to delete job {SchedulerId}", batchJob.Id, scheduler.Name, batchJob.SchedulerId);
            return batchJob.StatusInfo.ContainsKey("delete_requested") ? null : new BatchJobPatch { StatusInfo = new() { ["delete_requested"] = BatchJobStatusInfo.Now() } };
        }
        catch (SchedulerException e)
        {
            return batchJob.StatusInfo.GetValueOrDefault("delete_error") == e.Message ? null : new BatchJobPatch { StatusInfo = new() { ["delete_error"] = e.Message } };
        }
    }
}
