using Balsam.Client;
using Balsam.Jobs;
using Balsam.Launcher.AppRuntime;
using Balsam.Launcher.JobLauncher;
using Balsam.Sessions;
using Balsam.Sites;
using Balsam.States;
using Microsoft.Extensions.Logging;

namespace Balsam.Launcher.SiteAgent;

/// <summary>
/// The processing service of SPEC §4: acquires the site's jobs in STAGED_IN, RUN_DONE, RUN_ERROR and RUN_TIMEOUT and
/// runs their hooks. Apps that keep a hook's default get the default move at once, in bulk (preprocess ->
/// PREPROCESSED, postprocess -> POSTPROCESSED, error -> FAILED, timeout -> RESTART_READY); hooks written in C# run
/// through <see cref="HookRunner"/> with the app's synced class.
/// </summary>
public sealed class ProcessingService(BalsamClient client, long siteId, string siteFolder, ILogger logger)
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
        var hooks = new HookRunner(client, new AppTypeLoader(client, siteFolder), siteFolder);
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
                        try
                        {
                            await hooks.RunAsync(app, job, h, cancellationToken);
                        }
                        catch (Exception e) when (e is not OperationCanceledException)
                        {
                            logger.LogError(e, "Job {JobId}: {Hook} of {App} could not run", job.Id, h, job.AppName);
                            patches[job.Id] = JobPatch.ToState(JobState.Failed, new System.Text.Json.Nodes.JsonObject
                            {
                                ["message"] = $"{h} of {job.AppName} could not run at the site", ["exception"] = e.Message,
                            }.ToJsonString());
                        }

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
