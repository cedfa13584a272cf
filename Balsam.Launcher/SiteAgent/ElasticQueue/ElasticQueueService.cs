using Balsam.BatchJobs;
using Balsam.Client;
using Balsam.Jobs;
using Balsam.Launcher.Settings;
using Balsam.Sites;
using Balsam.States;
using Microsoft.Extensions.Logging;

namespace Balsam.Launcher.SiteAgent.ElasticQueue;

/// <summary>
/// The elastic queue (SPEC §4; off unless <c>elastic_queue</c> is set): every <c>service_period</c> it sizes one batch job
/// to the runnable backlog with <see cref="ElasticQueuePlanner"/> and creates it (the scheduler service submits it),
/// and deletes its batch jobs that waited too long in the queue. Nodes are given back by the launchers' idle TTL.
/// It reads aggregates and its active batch jobs only, never the whole history (a weak point of Balsam).
/// </summary>
public sealed class ElasticQueueService(
    BalsamClient client, long siteId, IReadOnlyDictionary<string, string> siteFilterTags, ElasticQueueSettings settings, ILogger logger)
{
    public const string ServiceName = "elastic queue";

    /// <summary>Where each good cycle, and a failed one, is reported.</summary>
    public ServiceHealthBoard? Health { get; init; }

    /// <summary>After one of its batch jobs is refused, it submits nothing for this long (a refusal is rarely fixed by retrying).</summary>
    public static readonly TimeSpan RefusalBackoff = TimeSpan.FromMinutes(10);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(1, settings.ServicePeriod)));
        do
        {
            try
            {
                await CycleAsync();
                Health?.Ok(ServiceName);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Elastic queue: the cycle failed; the next one tries again");
                Health?.Failed(ServiceName, $"{e.GetType().Name}: {e.Message}");
            }
        }
        while (await timer.WaitForNextTickAsync(cancellationToken));
    }

    /// <summary>One cycle; returns what it decided.</summary>
    public async Task<ElasticQueuePlan> CycleAsync()
    {
        var tags = new Dictionary<string, string>(siteFilterTags);
        foreach (var (name, value) in settings.FilterTags)
        {
            tags[name] = value;
        }

        var batchJobs = client.Cluster.GetGrain<IBatchJobServiceGrain>(0);
        var jobs = client.Cluster.GetGrain<IJobServiceGrain>(0);
        var site = await client.Cluster.GetGrain<ISiteGrain>(siteId).GetAsync();
        var input = new ElasticQueueInput
        {
            BatchJobs = await batchJobs.QueryAsync(new BatchJobQuery
            {
                SiteIds = [siteId], Queue = settings.SubmitQueue, FilterTags = tags, States = [.. BatchJobStateNames.Active],
            }),
            Running = await jobs.FootprintAsync(new JobQuery { SiteIds = [siteId], Tags = tags, States = [JobState.Running] }),
            Runnable = await jobs.FootprintAsync(new JobQuery { SiteIds = [siteId], Tags = tags, States = [.. JobStateNames.Runnable] }),
            BackfillWindows = site.BackfillWindows,
            SchedulerJobs = site.QueuedJobs,
            RecentRefusal = (await batchJobs.QueryAsync(new BatchJobQuery
            {
                SiteIds = [siteId], Queue = settings.SubmitQueue, FilterTags = tags, States = [BatchJobState.SubmitFailed],
                OrderBy = BatchJobOrderField.Id, Descending = true, Limit = 1,
            })).FirstOrDefault(b => DateTimeOffset.UtcNow - b.LastUpdate < RefusalBackoff),
        };
        var plan = ElasticQueuePlanner.Plan(settings, tags, input);
        logger.LogInformation("Elastic queue: {Reason}", plan.Reason);
        foreach (var id in plan.Delete)
        {
            try
            {
                // Only while still queued: one that started since the site's last listing keeps running.
                await client.Cluster.GetGrain<IBatchJobGrain>(id).UpdateAsync(new BatchJobPatch
                {
                    State = BatchJobState.PendingDeletion,
                    ExpectedState = BatchJobState.Queued,
                    StatusInfo = new() { ["deletion"] = $"queued longer than {settings.MaxQueueWaitTimeMin} min (elastic queue)" },
                });
                logger.LogInformation("Elastic queue: batch job {BatchJobId} waited over {Minutes} min in the queue; deleting it", id, settings.MaxQueueWaitTimeMin);
            }
            catch (Errors.BalsamValidationException)
            {
                // it left the queue meanwhile
            }
        }

        if (plan.Submit is { } spec)
        {
            var created = await batchJobs.CreateAsync(spec with { SiteId = siteId });
            logger.LogInformation("Elastic queue: created batch job {BatchJobId} ({Nodes} nodes, {Minutes} min)", created.Id, created.NumNodes, created.WallTimeMin);
        }

        return plan;
    }
}
