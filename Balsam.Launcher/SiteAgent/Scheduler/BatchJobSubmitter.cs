using System.Globalization;
using Balsam.BatchJobs;
using Balsam.Client;
using Balsam.Errors;
using Balsam.Launcher.Scheduling;
using Balsam.Launcher.Scheduling.Templates;
using Balsam.Launcher.Settings;
using Balsam.Launcher.Sites;
using Balsam.Sites;
using Microsoft.Extensions.Logging;
using Balsam.States;

namespace Balsam.Launcher.SiteAgent.Scheduler;

/// <summary>
/// Submits batch jobs, never twice: a batch job is marked <c>submitting</c> (only while still pending) before the
/// scheduler is called, the call and the recording of its id are not interrupted by a reload, and an id that could not
/// be recorded is kept (in <c>unrecorded</c>, owned by the agent) and recorded on a later cycle. A batch job found
/// marked but unrecorded (the agent died mid-submission) is failed with a message saying where to look, rather than
/// submitted again. A refusal by the site or the scheduler becomes submit_failed with the reason in
/// <c>status_info["error"]</c>.
/// </summary>
internal sealed class BatchJobSubmitter(
    BalsamClient client, string siteFolder, SiteSettings settings, IBatchScheduler scheduler, Dictionary<long, long> unrecorded,
    IReadOnlyList<string> balsamCommand, ILogger logger)
{
    /// <summary>A submitting mark older than this is a submission that was cut short (the command's limit is 2 min).</summary>
    public static readonly TimeSpan SubmissionLimit = TimeSpan.FromMinutes(3);

    private readonly SchedulerSettings _scheduler = settings.Scheduler ?? new SchedulerSettings();
    private int _recorded;

    /// <summary>How many submissions were recorded since the last call (each is a state change of the cycle).</summary>
    public int TakeRecorded()
    {
        var recorded = _recorded;
        _recorded = 0;
        return recorded;
    }

    /// <summary>A deletion asked while the site was submitting: record the id if the submission went through, else say so.</summary>
    public BatchJobPatch? DeletedWhileSubmitting(BatchJobRecord batchJob)
    {
        if (unrecorded.TryGetValue(batchJob.Id, out var schedulerId))
        {
            return Submitted(schedulerId, BatchJobStatusInfo.ScriptPath(siteFolder, batchJob)); // stays pending_deletion; the next cycle deletes it
        }

        if (!batchJob.StatusInfo.TryGetValue(BatchJobLifecycle.SubmittingKey, out var since))
        {
            return new BatchJobPatch { State = BatchJobState.Finished, StatusInfo = new() { ["message"] = "ended before it was submitted" } };
        }

        return MarkedAt(since) is { } at && DateTimeOffset.UtcNow - at < SubmissionLimit ? null : CutShort(batchJob, since);
    }

    /// <summary>Submits a pending batch job (or records an earlier submission of it); a patch only when it failed.</summary>
    public async Task<BatchJobPatch?> SubmitAsync(BatchJobRecord batchJob, Dictionary<long, SchedulerJobStatus> statuses, CancellationToken cancellationToken)
    {
        if (settings.FilterTags.Any(tag => batchJob.FilterTags.GetValueOrDefault(tag.Key) != tag.Value))
        {
            return null; // another agent of this site, with other filter tags, submits it
        }

        if (unrecorded.TryGetValue(batchJob.Id, out var submittedAs))
        {
            if (await RecordAsync(batchJob, Submitted(submittedAs, BatchJobStatusInfo.ScriptPath(siteFolder, batchJob))))
            {
                unrecorded.Remove(batchJob.Id);
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

        var path = BatchJobStatusInfo.ScriptPath(siteFolder, batchJob);
        try
        {
            var template = await File.ReadAllTextAsync(Path.Combine(siteFolder, _scheduler.JobTemplatePath), cancellationToken);
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
                StatusInfo = new() { [BatchJobLifecycle.SubmittingKey] = BatchJobStatusInfo.Now(), ["submit_script"] = path },
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
        unrecorded[batchJob.Id] = schedulerId;
        if (await RecordAsync(batchJob, Submitted(schedulerId, path)))
        {
            unrecorded.Remove(batchJob.Id);
        }

        return null;
    }

    private BatchJobPatch CutShort(BatchJobRecord batchJob, string since) =>
        Failed(batchJob, $"the site agent stopped while submitting it (at {since}); the scheduler may hold an allocation for it " +
            $"(script {BatchJobStatusInfo.ScriptPath(siteFolder, batchJob)}): check there and delete it if so. Submit a new batch job to try again");

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
        StatusInfo = new() { ["submit_script"] = path, ["submit_time"] = BatchJobStatusInfo.Now() },
    };

    private BatchJobPatch Failed(BatchJobRecord batchJob, string error)
    {
        logger.LogWarning("Batch job {BatchJobId} not submitted: {Error}", batchJob.Id, error);
        return new BatchJobPatch { State = BatchJobState.SubmitFailed, StatusInfo = new() { ["error"] = error, ["error_time"] = BatchJobStatusInfo.Now() } };
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
        BalsamCommand = balsamCommand,
        BatchJobId = batchJob.Id,
    };
}
