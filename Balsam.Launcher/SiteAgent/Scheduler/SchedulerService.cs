using System.Globalization;
using Balsam.BatchJobs;
using Balsam.Client;
using Balsam.Errors;
using Balsam.Launcher.Pilot;
using Balsam.Launcher.Scheduling.Templates;
using Balsam.Launcher.Scheduling;
using Balsam.Launcher.Settings;
using Balsam.Launcher.Sites;
using Balsam.Sites;
using Microsoft.Extensions.Logging;

namespace Balsam.Launcher.SiteAgent.Scheduler;

/// <summary>
/// The scheduler service of SPEC §4. Each cycle (every <c>scheduler.sync_period</c>, and at once when a batch job of the
/// site is created or asked to end): submits pending batch jobs (checked against settings.yml, script rendered into
/// <c>qsubmit/</c>), deletes those asked to end, mirrors the scheduler's states, and publishes backfill windows and the
/// scheduler's queue to the site. A refusal by the site or the scheduler becomes submit_failed with the reason in
/// <c>status_info["error"]</c>; an error with one batch job never stops the others.
/// <para>
/// Never twice: a batch job is marked <c>submitting</c> (only while still pending) before the scheduler is called, the
/// call and the recording of its id are not interrupted by a reload, and an id that could not be recorded is kept and
/// recorded on a later cycle. A batch job found marked but unrecorded (the agent died mid-submission) is failed with
/// a message saying where to look, rather than submitted again. A batch job missing from the scheduler's listing ends
/// only after two listings in a row and 30 s after its submission (a scheduler may list a new job late).
/// </para>
/// </summary>
public sealed class SchedulerService(
    BalsamClient client, long siteId, string siteFolder, SiteSettings settings, IBatchScheduler scheduler, ILogger logger)
{
    public const string ServiceName = "scheduler";

    public static readonly TimeSpan ListingGrace = TimeSpan.FromSeconds(30);

    /// <summary>A submitting mark older than this is a submission that was cut short (the command's limit is 2 min).</summary>
    public static readonly TimeSpan SubmissionLimit = TimeSpan.FromMinutes(3);

    private readonly SchedulerSettings _scheduler = settings.Scheduler ?? new SchedulerSettings();
    private readonly Dictionary<long, (int Count, DateTimeOffset First)> _absences = [];
    private int _recorded;
    private int _failures;

    /// <summary>
    /// Scheduler ids of submissions that could not be recorded yet, by batch job id; owned by the agent so that they
    /// survive a reload of the services.
    /// </summary>
    public Dictionary<long, long> Unrecorded { get; init; } = [];

    /// <summary>Where each good cycle, and a failing status command, is reported.</summary>
    public ServiceHealthBoard? Health { get; init; }

    /// <summary>The command the batch job starts <c>balsam</c> with.</summary>
    public IReadOnlyList<string> BalsamCommand { get; init; } = BalsamProgram.Command;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var site = client.Cluster.GetGrain<ISiteGrain>(siteId);
        var signal = new WorkSignal(batchJobs: true);
        var reference = client.Cluster.CreateObjectReference<ISiteWorkObserver>(signal);
        var period = TimeSpan.FromSeconds(Math.Max(1, _scheduler.SyncPeriod));
        var lastSubscribe = DateTimeOffset.MinValue;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                if (DateTimeOffset.UtcNow - lastSubscribe > ContractLimits.SubscriptionRenewInterval)
                {
                    await site.SubscribeToWorkAsync(reference);
                    lastSubscribe = DateTimeOffset.UtcNow;
                }

                var moved = await SyncOnceAsync(cancellationToken);
                // After a state change (a submission, an end) look again soon: the scheduler's next state follows quickly.
                await signal.WaitAsync(moved > 0 ? TimeSpan.FromSeconds(Math.Min(1, period.TotalSeconds)) : period, cancellationToken);
            }
        }
        finally
        {
            try
            {
                await site.UnsubscribeFromWorkAsync(reference);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning("Could not unsubscribe from the site: {Message}", e.Message);
            }

            client.Cluster.DeleteObjectReference<ISiteWorkObserver>(reference);
        }
    }

    /// <summary>One cycle; returns how many batch jobs changed state.</summary>
    public async Task<int> SyncOnceAsync(CancellationToken cancellationToken)
    {
        var service = client.Cluster.GetGrain<IBatchJobServiceGrain>(0);
        var batchJobs = await service.QueryAsync(new BatchJobQuery { SiteIds = [siteId], States = [.. BatchJobStateNames.Active] });
        Dictionary<long, SchedulerJobStatus> statuses;
        try
        {
            statuses = new(await scheduler.GetStatusesAsync(cancellationToken));
        }
        catch (SchedulerException e)
        {
            logger.LogWarning("The {Scheduler} status command failed; this sync is skipped: {Message}", scheduler.Name, e.Message);
            Health?.Failed(ServiceName, $"the {scheduler.Name} status command failed: {e.Message}");
            return 0;
        }

        var moved = 0;
        _failures = 0;
        foreach (var batchJob in batchJobs)
        {
            try
            {
                var patch = batchJob.State == BatchJobState.PendingSubmission
                    ? await SubmitAsync(batchJob, statuses, cancellationToken)
                    : await FollowAsync(batchJob, statuses.GetValueOrDefault(batchJob.SchedulerId ?? -1), cancellationToken);
                if (patch is not null)
                {
                    var updated = await client.Cluster.GetGrain<IBatchJobGrain>(batchJob.Id).UpdateAsync(patch);
                    moved += updated.State != batchJob.State ? 1 : 0;
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Batch job {BatchJobId} could not be synced; the next cycle tries again", batchJob.Id);
                _failures++;
                Health?.Failed(ServiceName, $"batch job {batchJob.Id} could not be synced: {e.Message}");
            }
        }

        moved += _recorded;
        _recorded = 0;
        foreach (var gone in _absences.Keys.Except(batchJobs.Select(b => b.Id)).ToList())
        {
            _absences.Remove(gone);
        }

        await PublishAsync(statuses, cancellationToken);
        if (_failures == 0)
        {
            Health?.Ok(ServiceName);
        }

        return moved;
    }

    private async Task<BatchJobPatch?> FollowAsync(BatchJobRecord batchJob, SchedulerJobStatus? status, CancellationToken cancellationToken)
    {
        if (batchJob.State == BatchJobState.PendingDeletion && batchJob.SchedulerId is null)
        {
            return DeletedWhileSubmitting(batchJob);
        }

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

    /// <summary>A deletion asked while the site was submitting: record the id if the submission went through, else say so.</summary>
    private BatchJobPatch? DeletedWhileSubmitting(BatchJobRecord batchJob)
    {
        if (Unrecorded.TryGetValue(batchJob.Id, out var schedulerId))
        {
            return Submitted(schedulerId, ScriptPath(batchJob)); // stays pending_deletion; the next cycle deletes it
        }

        if (!batchJob.StatusInfo.TryGetValue(BatchJobLifecycle.SubmittingKey, out var since))
        {
            return new BatchJobPatch { State = BatchJobState.Finished, StatusInfo = new() { ["message"] = "ended before it was submitted" } };
        }

        return MarkedAt(since) is { } at && DateTimeOffset.UtcNow - at < SubmissionLimit ? null : CutShort(batchJob, since);
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
            log = await scheduler.GetLogAsync(batchJob.SchedulerId ?? 0, ScriptPath(batchJob), cancellationToken);
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
            return batchJob.StatusInfo.ContainsKey("delete_requested") ? null : new BatchJobPatch { StatusInfo = new() { ["delete_requested"] = Now() } };
        }
        catch (SchedulerException e)
        {
            return batchJob.StatusInfo.GetValueOrDefault("delete_error") == e.Message ? null : new BatchJobPatch { StatusInfo = new() { ["delete_error"] = e.Message } };
        }
    }

    private async Task<BatchJobPatch?> SubmitAsync(BatchJobRecord batchJob, Dictionary<long, SchedulerJobStatus> statuses, CancellationToken cancellationToken)
    {
        if (settings.FilterTags.Any(tag => batchJob.FilterTags.GetValueOrDefault(tag.Key) != tag.Value))
        {
            return null; // another agent of this site, with other filter tags, submits it
        }

        if (Unrecorded.TryGetValue(batchJob.Id, out var submittedAs))
        {
            if (await RecordAsync(batchJob, Submitted(submittedAs, ScriptPath(batchJob))))
            {
                Unrecorded.Remove(batchJob.Id);
            }

            return null;
        }

        if (batchJob.StatusInfo.TryGetValue(BatchJobLifecycle.SubmittingKey, out var since))
        {
            // Being submitted right now (by a service of this agent before a reload), or cut short by a stop.
            return MarkedAt(since) is { } at && DateTimeOffset.UtcNow - at < SubmissionLimit ? null : CutShort(batchJob, since);
        }

        var problems = BatchJobSubmissionRules.Check(batchJob, _scheduler, statuses.Values);
        if (problems.Count > 0)
        {
            return Failed(batchJob, "refused by the site's settings.yml: " + string.Join("; ", problems));
        }

        var path = ScriptPath(batchJob);
        try
        {
            var template = await File.ReadAllTextAsync(TemplatePath(), cancellationToken);
            var script = JobTemplateRenderer.Render(template, Request(batchJob), _scheduler);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllTextAsync(path, script, cancellationToken);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }
        catch (Exception e) when (e is JobTemplateException or IOException or UnauthorizedAccessException)
        {
            return Failed(batchJob, $"the batch-job script could not be written: {e.Message}");
        }

        try
        {
            // Only a batch job still pending is marked; a deletion that came first wins and nothing is submitted.
            await Grain(batchJob).UpdateAsync(new BatchJobPatch
            {
                ExpectedState = BatchJobState.PendingSubmission,
                StatusInfo = new() { [BatchJobLifecycle.SubmittingKey] = Now(), ["submit_script"] = path },
            });
        }
        catch (BalsamValidationException)
        {
            return null;
        }

        long schedulerId;
        try
        {
            // Not cancelled by a reload or a stop: an allocation the scheduler accepted is always recorded.
            schedulerId = await scheduler.SubmitAsync(new SchedulerSubmission
            {
                ScriptPath = path,
                Project = batchJob.Project,
                Queue = batchJob.Queue,
                NumNodes = batchJob.NumNodes,
                WallTimeMin = batchJob.WallTimeMin,
                Environment = new Dictionary<string, string>(ServiceEnvironment.Of(client))
                {
                    ["BALSAM_BATCH_JOB_ID"] = batchJob.Id.ToString(CultureInfo.InvariantCulture),
                    ["BALSAM_SITE_PATH"] = siteFolder,
                },
            }, CancellationToken.None);
        }
        catch (SchedulerTimeoutException e)
        {
            return Failed(batchJob, $"{e.Message}; the scheduler may have accepted it (script {path}): check there and delete it if so. " +
                "Submit a new batch job to try again");
        }
        catch (SchedulerException e)
        {
            return Failed(batchJob, $"{scheduler.Name} refused the submission: {e.Message}");
        }

        logger.LogInformation("Batch job {BatchJobId} submitted to {Scheduler}: id {SchedulerId}", batchJob.Id, scheduler.Name, schedulerId);
        statuses[schedulerId] = new SchedulerJobStatus { SchedulerId = schedulerId, State = BatchJobState.Queued, Queue = batchJob.Queue };
        Unrecorded[batchJob.Id] = schedulerId;
        if (await RecordAsync(batchJob, Submitted(schedulerId, path)))
        {
            Unrecorded.Remove(batchJob.Id);
        }

        return null;
    }

    private BatchJobPatch CutShort(BatchJobRecord batchJob, string since) =>
        Failed(batchJob, $"the site agent stopped while submitting it (at {since}); the scheduler may hold an allocation for it " +
            $"(script {ScriptPath(batchJob)}): check there and delete it if so. Submit a new batch job to try again");

    private static DateTimeOffset? MarkedAt(string since) =>
        DateTimeOffset.TryParse(since, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at) ? at : null;

    /// <summary>Records a submission, retrying a few times; false when the service could not be reached.</summary>
    private async Task<bool> RecordAsync(BatchJobRecord batchJob, BatchJobPatch submitted)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await Grain(batchJob).UpdateAsync(submitted);
                _recorded++;
                return true;
            }
            catch (Exception e) when (e is not BalsamValidationException && attempt < 3)
            {
                logger.LogWarning("Batch job {BatchJobId}: recording scheduler id {SchedulerId} failed ({Message}); retrying",
                    batchJob.Id, submitted.SchedulerId, e.Message);
                await Task.Delay(TimeSpan.FromSeconds(1 << attempt), CancellationToken.None);
            }
            catch (Exception e) when (e is not BalsamValidationException)
            {
                logger.LogError(e, "Batch job {BatchJobId}: scheduler id {SchedulerId} not recorded yet; the next cycle records it", batchJob.Id, submitted.SchedulerId);
                return false;
            }
        }
    }

    private static BatchJobPatch Submitted(long schedulerId, string path) => new()
    {
        State = BatchJobState.Queued,
        SchedulerId = schedulerId,
        StatusInfo = new() { ["submit_script"] = path, ["submit_time"] = Now() },
    };

    private BatchJobPatch Failed(BatchJobRecord batchJob, string error)
    {
        logger.LogWarning("Batch job {BatchJobId} not submitted: {Error}", batchJob.Id, error);
        return new BatchJobPatch { State = BatchJobState.SubmitFailed, StatusInfo = new() { ["error"] = error, ["error_time"] = Now() } };
    }

    private IBatchJobGrain Grain(BatchJobRecord batchJob) => client.Cluster.GetGrain<IBatchJobGrain>(batchJob.Id);

    private JobTemplateRequest Request(BatchJobRecord batchJob) => new()
    {
        Project = batchJob.Project,
        Queue = batchJob.Queue,
        NumNodes = batchJob.NumNodes,
        WallTimeMin = batchJob.WallTimeMin,
        JobMode = batchJob.JobMode.Name(),
        FilterTags = batchJob.FilterTags,
        Partitions = batchJob.Partitions,
        OptionalParams = batchJob.OptionalParams,
        SitePath = siteFolder,
        BalsamCommand = BalsamCommand,
        BatchJobId = batchJob.Id,
    };

    private async Task PublishAsync(IReadOnlyDictionary<long, SchedulerJobStatus> statuses, CancellationToken cancellationToken)
    {
        Dictionary<string, List<BackfillWindow>> backfill;
        try
        {
            backfill = new(await scheduler.GetBackfillWindowsAsync(cancellationToken));
        }
        catch (SchedulerException e)
        {
            logger.LogWarning("Backfill windows could not be read: {Message}", e.Message);
            backfill = [];
        }

        await client.Cluster.GetGrain<ISiteGrain>(siteId).PublishSchedulerStateAsync(backfill, [.. statuses.Values]);
    }

    private string TemplatePath() => Path.Combine(siteFolder, _scheduler.JobTemplatePath);

    private string ScriptPath(BatchJobRecord batchJob) =>
        batchJob.StatusInfo.GetValueOrDefault("submit_script")
        ?? Path.Combine(siteFolder, "qsubmit", string.Create(CultureInfo.InvariantCulture, $"qlaunch{batchJob.Id:00000}.sh"));

    private static string Now() => DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
}
