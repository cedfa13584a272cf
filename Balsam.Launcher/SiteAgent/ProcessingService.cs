using Balsam.Client;
using Balsam.Jobs;
using Balsam.Launcher.JobLauncher;
using Balsam.Sessions;
using Balsam.Sites;
using Balsam.States;
using Microsoft.Extensions.Logging;

namespace Balsam.Launcher.SiteAgent;

/// <summary>
/// The processing service of SPEC §4: acquires the site's jobs in STAGED_IN, RUN_DONE, RUN_ERROR and RUN_TIMEOUT and
/// runs their hooks. Apps that keep a hook's default get the default move (preprocess -> PREPROCESSED, postprocess ->
/// POSTPROCESSED, error -> FAILED, timeout -> RESTART_READY). Hooks written in C# run through the app runtime of the
/// SDK; until an app's code can be loaded here, a job whose app overrides the hook is left waiting and logged.
/// </summary>
public sealed class ProcessingService(BalsamClient client, long siteId, ILogger logger)
{
    public TimeSpan PollPeriod { get; init; } = TimeSpan.FromSeconds(5);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var site = client.Cluster.GetGrain<ISiteGrain>(siteId);
        var jobs = client.Cluster.GetGrain<IJobServiceGrain>(0);
        var signal = new WorkSignal();
        var reference = client.Cluster.CreateObjectReference<ISiteWorkObserver>(signal);
        await site.SubscribeToWorkAsync(reference);
        var session = client.Cluster.GetGrain<ISessionGrain>((await site.OpenSessionAsync(null)).Id);
        var apps = new AppCatalogue(client, siteId);
        var lastSubscribe = DateTimeOffset.UtcNow;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var acquired = await session.AcquireAsync(new AcquireRequest { MaxJobs = 1000, States = [.. JobStateNames.Processable] });
                var patches = new Dictionary<long, JobPatch>();
                foreach (var job in acquired)
                {
                    var app = await apps.FindAsync(job.AppName);
                    var hook = DefaultHooks.HookFor(job.State);
                    if (app is not null && hook is { } h && app.Definition.OverriddenHooks.HasFlag(h))
                    {
                        logger.LogWarning("Job {JobId}: app {App} overrides {Hook}, which this agent cannot run yet; the job waits", job.Id, job.AppName, h);
                        continue;
                    }

                    if (DefaultHooks.NextState(job.State) is { } next)
                    {
                        patches[job.Id] = JobPatch.ToState(next);
                    }
                }

                if (patches.Count > 0)
                {
                    var result = await jobs.UpdateEachAsync(patches);
                    logger.LogInformation("Processed {Count} jobs with default hooks", result.Changed);
                }

                await session.TickAsync();
                if (DateTimeOffset.UtcNow - lastSubscribe > TimeSpan.FromMinutes(2))
                {
                    await site.SubscribeToWorkAsync(reference);
                    lastSubscribe = DateTimeOffset.UtcNow;
                }

                if (acquired.Count < 1000)
                {
                    try
                    {
                        await signal.WaitAsync(PollPeriod, cancellationToken);
                    }
                    catch (OperationCanceledException)
                    {
                    }
                }
            }
        }
        finally
        {
            await session.CloseAsync();
            await site.UnsubscribeFromWorkAsync(reference);
            client.Cluster.DeleteObjectReference<ISiteWorkObserver>(reference);
        }
    }
}
