using System.Globalization;
using Balsam.BatchJobs;
using Balsam.Client;
using Balsam.Launcher.JobLauncher;
using Balsam.Launcher.Platforms;
using Balsam.Launcher.Scheduling;
using Balsam.Launcher.Settings;
using Balsam.Launcher.Sites;
using Balsam.Sites;
using Microsoft.Extensions.Logging;

namespace Balsam.Launcher.SiteAgent;

/// <summary>
/// The scheduler service of SPEC §4. Each cycle (every <c>scheduler.sync_period</c>, and at once when a batch job of the
/// site is created or asked to end): submits pending batch jobs (checked against settings.yml, script rendered into
/// <c>qsubmit/</c>), deletes those asked to end, mirrors the scheduler's states, and publishes backfill windows and the
/// scheduler's queue to the site. A refusal by the site or the scheduler becomes submit_failed with the reason in
/// <c>status_info["error"]</c>; an error with one batch job never stops the others.
/// </summary>
public sealed class SchedulerService(
    BalsamClient client, long siteId, string siteFolder, SiteSettings settings, IBatchScheduler scheduler, ILogger logger)
{
    private readonly SchedulerSettings _scheduler = settings.Scheduler ?? new SchedulerSettings();

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
                if (DateTimeOffset.UtcNow - lastSubscribe > TimeSpan.FromMinutes(2))
                {
                    await site.SubscribeToWorkAsync(reference);
                    lastSubscribe = DateTimeOffset.UtcNow;
                }

                var changed = await SyncOnceAsync(cancellationToken);
                // After a change (a submission, a deletion) look again soon: the scheduler's next state follows quickly.
                await signal.WaitAsync(changed.Count > 0 ? TimeSpan.FromSeconds(Math.Min(1, period.TotalSeconds)) : period, cancellationToken);
            }
        }
        finally
        {
            await site.UnsubscribeFromWorkAsync(reference);
            client.Cluster.DeleteObjectReference<ISiteWorkObserver>(reference);
        }
    }

    /// <summary>One cycle; returns the batch jobs it changed.</summary>
    public async Task<IReadOnlyList<BatchJobRecord>> SyncOnceAsync(CancellationToken cancellationToken)
    {
        var service = client.Cluster.GetGrain<IBatchJobServiceGrain>(0);
        var batchJobs = await service.QueryAsync(new BatchJobQuery { SiteIds = [siteId], States = [.. BatchJobStateNames.Active] });
        IReadOnlyDictionary<long, SchedulerJobStatus> statuses;
        try
        {
            statuses = await scheduler.GetStatusesAsync(cancellationToken);
        }
        catch (SchedulerException e)
        {
            logger.LogWarning("The {Scheduler} status command failed; this sync is skipped: {Message}", scheduler.Name, e.Message);
            return [];
        }

        var changed = new List<BatchJobRecord>();
        foreach (var batchJob in batchJobs)
        {
            try
            {
                if (await SyncAsync(batchJob, statuses, cancellationToken) is { } patch)
                {
                    changed.Add(await client.Cluster.GetGrain<IBatchJobGrain>(batchJob.Id).UpdateAsync(patch));
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Batch job {BatchJobId} could not be synced; the next cycle tries again", batchJob.Id);
            }
        }

        await PublishAsync(statuses, cancellationToken);
        return changed;
    }

    private async Task<BatchJobPatch?> SyncAsync(
        BatchJobRecord batchJob, IReadOnlyDictionary<long, SchedulerJobStatus> statuses, CancellationToken cancellationToken)
    {
        var status = batchJob.SchedulerId is { } id && statuses.TryGetValue(id, out var s) ? s : null;
        switch (batchJob.State)
        {
            case BatchJobState.PendingSubmission:
                return await SubmitAsync(batchJob, statuses, cancellationToken);

            case BatchJobState.PendingDeletion when batchJob.SchedulerId is null:
                return new BatchJobPatch { State = BatchJobState.Finished, StatusInfo = new() { ["message"] = "ended before it was submitted" } };

            case BatchJobState.PendingDeletion when status is not null && status.State != BatchJobState.Finished:
                try
                {
                    await scheduler.DeleteAsync(batchJob.SchedulerId!.Value, cancellationToken);
                    logger.LogInformation("Batch job {BatchJobId}: asked {Scheduler} to delete job {SchedulerId}", batchJob.Id, scheduler.Name, batchJob.SchedulerId);
                    return batchJob.StatusInfo.ContainsKey("delete_requested")
                        ? null
                        : new BatchJobPatch { StatusInfo = new() { ["delete_requested"] = Now() } };
                }
                catch (SchedulerException e)
                {
                    return new BatchJobPatch { StatusInfo = new() { ["delete_error"] = e.Message } };
                }

            default:
                if (status is null || status.State == BatchJobState.Finished)
                {
                    var log = await scheduler.GetLogAsync(batchJob.SchedulerId ?? 0, ScriptPath(batchJob), cancellationToken);
                    return new BatchJobPatch
                    {
                        State = BatchJobState.Finished,
                        StartTime = batchJob.StartTime is null ? log.StartTime : null,
                        EndTime = log.EndTime,
                        StatusInfo = new() { ["scheduler_state"] = status?.SchedulerState ?? "no longer listed by the scheduler" },
                    };
                }

                if (status.State != batchJob.State && batchJob.State != BatchJobState.PendingDeletion)
                {
                    return new BatchJobPatch
                    {
                        State = status.State,
                        StatusInfo = new() { ["scheduler_state"] = status.SchedulerState },
                        SchedulerId = batchJob.SchedulerId,
                    };
                }

                return batchJob.StatusInfo.GetValueOrDefault("scheduler_state") == status.SchedulerState || status.SchedulerState.Length == 0
                    ? null
                    : new BatchJobPatch { StatusInfo = new() { ["scheduler_state"] = status.SchedulerState } };
        }
    }

    private async Task<BatchJobPatch?> SubmitAsync(
        BatchJobRecord batchJob, IReadOnlyDictionary<long, SchedulerJobStatus> statuses, CancellationToken cancellationToken)
    {
        if (settings.FilterTags.Any(tag => batchJob.FilterTags.GetValueOrDefault(tag.Key) != tag.Value))
        {
            return null; // another agent of this site, with other filter tags, submits it
        }

        var problems = BatchJobSubmissionRules.Check(batchJob, _scheduler, statuses.Values);
        if (problems.Count > 0)
        {
            return Failed("refused by the site's settings.yml: " + string.Join("; ", problems));
        }

        string script;
        try
        {
            var template = await File.ReadAllTextAsync(TemplatePath(), cancellationToken);
            script = JobTemplateRenderer.Render(template, Request(batchJob), _scheduler);
        }
        catch (Exception e) when (e is JobTemplateException or IOException or UnauthorizedAccessException)
        {
            return Failed($"the job template could not be rendered: {e.Message}");
        }

        var path = ScriptPath(batchJob);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, script, cancellationToken);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        try
        {
            var schedulerId = await scheduler.SubmitAsync(new SchedulerSubmission
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
            }, cancellationToken);
            logger.LogInformation("Batch job {BatchJobId} submitted to {Scheduler}: id {SchedulerId}", batchJob.Id, scheduler.Name, schedulerId);
            return new BatchJobPatch
            {
                State = BatchJobState.Queued,
                SchedulerId = schedulerId,
                StatusInfo = new() { ["submit_script"] = path, ["submit_time"] = Now() },
            };
        }
        catch (SchedulerException e)
        {
            return Failed($"{scheduler.Name} refused the submission: {e.Message}");
        }

        BatchJobPatch Failed(string error)
        {
            logger.LogWarning("Batch job {BatchJobId} not submitted: {Error}", batchJob.Id, error);
            return new BatchJobPatch { State = BatchJobState.SubmitFailed, StatusInfo = new() { ["error"] = error, ["error_time"] = Now() } };
        }
    }

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
