using Balsam.BatchJobs;
using Balsam.Client;
using Balsam.Jobs;
using Balsam.Launcher.ElasticQueue;
using Balsam.Launcher.Settings;
using Balsam.Sites;
using Balsam.States;
using Microsoft.Extensions.Logging;

namespace Balsam.Launcher.SiteAgent;

/// <summary>
/// The elastic queue (SPEC §4; off unless <c>elastic_queue</c> is set): every <c>service_period</c> it sizes one batch job
/// to the runnable backlog with <see cref="ElasticQueuePlanner"/> and creates it (the scheduler service submits it),
/// and deletes its batch jobs that waited too long in the queue. Nodes are given back by the launchers' idle TTL.
/// It reads aggregates and its active batch jobs only, never the whole history (a weak point of Balsam).
/// </summary>
public sealed class ElasticQueueService(
    BalsamClient client, long siteId, IReadOnlyDictionary<string, string> siteFilterTags, ElasticQueueSettings settings, ILogger logger)
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(1, settings.ServicePeriod)));
        do
        {
            await CycleAsync();
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
        };
        var plan = ElasticQueuePlanner.Plan(settings, tags, input);
        logger.LogInformation("Elastic queue: {Reason}", plan.Reason);
        foreach (var id in plan.Delete)
        {
            await client.Cluster.GetGrain<IBatchJobGrain>(id).RequestDeletionAsync();
            logger.LogInformation("Elastic queue: batch job {BatchJobId} waited over {Minutes} min in the queue; deleting it", id, settings.MaxQueueWaitTimeMin);
        }

        if (plan.Submit is { } spec)
        {
            var created = await batchJobs.CreateAsync(spec with { SiteId = siteId });
            logger.LogInformation("Elastic queue: created batch job {BatchJobId} ({Nodes} nodes, {Minutes} min)", created.Id, created.NumNodes, created.WallTimeMin);
        }

        return plan;
    }
}
