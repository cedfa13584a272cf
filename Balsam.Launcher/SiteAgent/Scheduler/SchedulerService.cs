using Balsam.BatchJobs;
using Balsam.Client;
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
/// The cycle is this class; <see cref="BatchJobSubmitter"/> submits (never twice), <see cref="BatchJobStateMirror"/>
/// follows the scheduler's listing, and <see cref="SchedulerStatePublisher"/> publishes backfill and the queue.
/// </para>
/// </summary>
public sealed class SchedulerService(
    BalsamClient client, long siteId, string siteFolder, SiteSettings settings, IBatchScheduler scheduler, ILogger logger)
{
    public const string ServiceName = "scheduler";

    /// <summary>How long a batch job may be missing from the scheduler's listing (twice in a row) before it ends.</summary>
    public static readonly TimeSpan ListingGrace = BatchJobStateMirror.ListingGrace;

    /// <summary>A submitting mark older than this is a submission that was cut short (the command's limit is 2 min).</summary>
    public static readonly TimeSpan SubmissionLimit = BatchJobSubmitter.SubmissionLimit;

    private readonly SchedulerSettings _scheduler = settings.Scheduler ?? new SchedulerSettings();
    private readonly BatchJobStateMirror _mirror = new(siteFolder, scheduler, logger);
    private readonly SchedulerStatePublisher _publisher = new(client, siteId, scheduler, logger);
    private BatchJobSubmitter? _submitter;

    /// <summary>
    /// Scheduler ids of submissions that could not be recorded yet, by batch job id; owned by the agent so that they
    /// survive a reload of the services.
    /// </summary>
    public Dictionary<long, long> Unrecorded { get; init; } = [];

    /// <summary>Where each good cycle, and a failing status command, is reported.</summary>
    public ServiceHealthBoard? Health { get; init; }

    /// <summary>The command the batch job starts <c>balsam</c> with.</summary>
    public IReadOnlyList<string> BalsamCommand { get; init; } = BalsamProgram.Command;

    // Built on first use: Unrecorded and BalsamCommand are init properties, set after the constructor.
    private BatchJobSubmitter Submitter => _submitter ??= new(client, siteFolder, settings, scheduler, Unrecorded, BalsamCommand, logger);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var period = TimeSpan.FromSeconds(Math.Max(1, _scheduler.SyncPeriod));
        await using var work = await SiteWorkSubscription.StartAsync(client, siteId, batchJobs: true, logger);
        while (!cancellationToken.IsCancellationRequested)
        {
            // Not cut short by a stop: a submission the scheduler accepted must also be recorded.
            var moved = await SyncOnceAsync(CancellationToken.None);
            // After a state change (a submission, an end) look again soon: the scheduler's next state follows quickly.
            await work.WaitAsync(moved > 0 ? TimeSpan.FromSeconds(Math.Min(1, period.TotalSeconds)) : period, cancellationToken);
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
        var failures = 0;
        foreach (var batchJob in batchJobs)
        {
            try
            {
                var patch = batchJob switch
                {
                    { State: BatchJobState.PendingSubmission } => await Submitter.SubmitAsync(batchJob, statuses, cancellationToken),
                    { State: BatchJobState.PendingDeletion, SchedulerId: null } => Submitter.DeletedWhileSubmitting(batchJob),
                    _ => await _mirror.FollowAsync(batchJob, statuses.GetValueOrDefault(batchJob.SchedulerId ?? -1), cancellationToken),
                };
                if (patch is not null)
                {
                    var updated = await client.Cluster.GetGrain<IBatchJobGrain>(batchJob.Id).UpdateAsync(patch);
                    moved += updated.State != batchJob.State ? 1 : 0;
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Batch job {BatchJobId} could not be synced; the next cycle tries again", batchJob.Id);
                failures++;
                Health?.Failed(ServiceName, $"batch job {batchJob.Id} could not be synced: {e.Message}");
            }
        }

        moved += Submitter.TakeRecorded();
        _mirror.KeepOnly(batchJobs.Select(b => b.Id));
        await _publisher.PublishAsync(statuses, cancellationToken);
        if (failures == 0)
        {
            Health?.Ok(ServiceName);
        }

        return moved;
    }
}
