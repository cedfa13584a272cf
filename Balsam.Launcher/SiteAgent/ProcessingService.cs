using Balsam.Apps;
using Balsam.Client;
using Balsam.Jobs;
using Balsam.Launcher.Pilot;
using Balsam.Launcher.Pilot.RunApp;
using Balsam.Launcher.Settings;
using Balsam.Launcher.SiteAgent.Hooks;
using Balsam.Launcher.Sites;
using Balsam.Sessions;
using Balsam.Sites;
using Balsam.States;
using Microsoft.Extensions.Logging;

namespace Balsam.Launcher.SiteAgent;

/// <summary>
/// The processing service of SPEC §4: acquires the site's jobs in STAGED_IN, RUN_DONE, RUN_ERROR and RUN_TIMEOUT and
/// runs their hooks. Apps that keep a hook's default get the default move at once, in bulk (preprocess ->
/// PREPROCESSED, postprocess -> POSTPROCESSED, error -> FAILED, timeout -> RESTART_READY); hooks written in C# run
/// through <see cref="HookRunner"/> with the app's synced class: in this process one at a time when
/// <c>processing.num_workers</c> is 1 and there is no <c>hook_timeout_sec</c>, else up to num_workers at once, each in a
/// <c>balsam run-hook</c> process of its own (a hook owns its process's working folder and console; an overrun is killed).
/// Jobs of apps of Balsam's Python client always get the default moves here (their hooks are Python, for Balsam's own
/// agent); their preprocess makes the workdir, as Balsam's does.
/// </summary>
public sealed class ProcessingService(BalsamClient client, long siteId, string siteFolder, ILogger logger)
{
    public const string ServiceName = "processing";

    public TimeSpan PollPeriod { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Where each good cycle is reported.</summary>
    public ServiceHealthBoard? Health { get; init; }

    public ProcessingSettings Settings { get; init; } = new();

    /// <summary>Which uploaded code the site runs (hooks are uploaded code).</summary>
    public AppsSettings Apps { get; init; } = new();

    /// <summary>The command hook processes start <c>balsam</c> with.</summary>
    public IReadOnlyList<string> BalsamCommand { get; init; } = Sites.BalsamProgram.Command;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var site = client.Cluster.GetGrain<ISiteGrain>(siteId);
        var jobs = client.Cluster.GetGrain<IJobServiceGrain>(0);
        await using var work = await SiteWorkSubscription.StartAsync(client, siteId, logger: logger);
        var session = client.Cluster.GetGrain<ISessionGrain>((await site.OpenSessionAsync(null)).Id);
        var reporter = new StatusReporter(jobs, session.GetPrimaryKeyLong(), JobActor.Processing,
            new ServiceOutage(TimeSpan.MaxValue, "processing service", logger), logger);
        var apps = new AppCatalogue(client, siteId);
        var hooks = new HookRunner(client, new AppTypeLoader(client, siteFolder), siteFolder);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var prefetch = Math.Clamp(Settings.PrefetchDepth, 1, AcquireRequest.MaxJobsLimit);
                var acquired = await session.AcquireAsync(new AcquireRequest { MaxJobs = prefetch, States = [.. JobStateNames.Processable] });
                if (acquired.Count > 0)
                {
                    await apps.RefreshIfChangedAsync();
                }

                var patches = new Dictionary<long, JobPatch>();
                var hookRuns = new List<(AppInfo App, JobRecord Job, AppHooks Hook)>();
                foreach (var job in acquired)
                {
                    var app = await apps.FindAsync(job.AppName);
                    var hook = DefaultHooks.HookFor(job.State);
                    if (app is { Definition.IsPythonApp: true })
                    {
                        if (PythonAppDefault(job) is { } patch)
                        {
                            patches[job.Id] = patch;
                        }

                        continue;
                    }

                    if (app is not null && hook is { } h && app.Definition.OverriddenHooks.HasFlag(h))
                    {
                        if (UploadedCodePolicy.Refusal(Apps, app.Definition) is { } refusal)
                        {
                            patches[job.Id] = CouldNotRun(job, h, refusal);
                            continue;
                        }

                        hookRuns.Add((app, job, h));
                        continue;
                    }

                    if (DefaultHooks.NextState(job.State) is { } next)
                    {
                        patches[job.Id] = JobPatch.ToState(next);
                    }
                }

                // A stop (SIGTERM) or a reload lets the cycle end: its hooks finish and their reports are sent, rather than
                // hooks cut short and their jobs handed out again. Each hook is bounded by its own timeout.
                await RunHooksAsync(hookRuns, hooks, patches, session, CancellationToken.None);
                foreach (var (id, patch) in patches)
                {
                    reporter.Report(id, patch);
                }

                await reporter.FlushAsync();

                await session.TickAsync();
                Health?.Ok(ServiceName);
                await work.RenewIfDueAsync();

                if (acquired.Count < prefetch)
                {
                    try
                    {
                        await work.WaitAsync(PollPeriod, cancellationToken);
                    }
                    catch (OperationCanceledException)
                    {
                    }
                }
            }
        }
        finally
        {
            try
            {
                await session.CloseAsync();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning("Could not close the processing session cleanly: {Message}", e.Message); // it expires by itself
            }
        }
    }

    private async Task RunHooksAsync(
        List<(AppInfo App, JobRecord Job, AppHooks Hook)> runs, HookRunner hooks, Dictionary<long, JobPatch> patches, ISessionGrain session,
        CancellationToken cancellationToken)
    {
        if (runs.Count == 0)
        {
            return;
        }

        // A long batch of hooks must not let the session expire (it holds the jobs not yet processed).
        using var ticking = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var ticker = Task.Run(async () =>
        {
            try
            {
                using var timer = new PeriodicTimer(TimeSpan.FromSeconds(30));
                while (await timer.WaitForNextTickAsync(ticking.Token))
                {
                    try
                    {
                        await session.TickAsync();
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        logger.LogWarning("The processing session could not be refreshed: {Message}; retrying", e.Message);
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        }, CancellationToken.None);
        try
        {
            await RunHookBatchAsync(runs, hooks, patches, cancellationToken);
        }
        finally
        {
            await ticking.CancelAsync();
            await ticker;
        }
    }

    private async Task RunHookBatchAsync(
        List<(AppInfo App, JobRecord Job, AppHooks Hook)> runs, HookRunner hooks, Dictionary<long, JobPatch> patches, CancellationToken cancellationToken)
    {
        if (!Settings.HooksInProcesses)
        {
            foreach (var (app, job, hook) in runs)
            {
                try
                {
                    await hooks.RunAsync(app, job, hook, cancellationToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogError(e, "Job {JobId}: {Hook} of {App} could not run", job.Id, hook, job.AppName);
                    lock (patches)
                    {
                        patches[job.Id] = CouldNotRun(job, hook, e.Message);
                    }
                }
            }

            return;
        }

        using var workers = new SemaphoreSlim(Math.Max(1, Settings.NumWorkers));
        var timeout = Settings.HookTimeoutSec is { } seconds ? TimeSpan.FromSeconds(seconds) : (TimeSpan?)null;
        await Task.WhenAll(runs.Select(async run =>
        {
            await workers.WaitAsync(cancellationToken);
            try
            {
                var (exitCode, errors) = await HookProcess.RunAsync(client, BalsamCommand, run.Job.Id, run.Hook, siteFolder, timeout, cancellationToken);
                if (exitCode != 0)
                {
                    logger.LogError("Job {JobId}: the {Hook} process exited with {Code}: {Errors}", run.Job.Id, run.Hook, exitCode, errors);
                    lock (patches)
                    {
                        patches[run.Job.Id] = CouldNotRun(run.Job, run.Hook,
                            exitCode == HookProcess.TimedOut ? errors : $"the hook process exited with code {exitCode}: {errors}");
                    }
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Job {JobId}: the {Hook} process could not run", run.Job.Id, run.Hook);
                lock (patches)
                {
                    patches[run.Job.Id] = CouldNotRun(run.Job, run.Hook, $"the hook process could not start: {e.Message}");
                }
            }
            finally
            {
                workers.Release();
            }
        }));
    }

    /// <summary>
    /// A job of an app of Balsam's Python client gets the default move: its hooks are Python code, which only Balsam's
    /// Python agent runs. Its preprocess makes the workdir first, as Balsam's processing service does, because Balsam's
    /// Python launcher writes <c>job.out</c> there without making it.
    /// </summary>
    private JobPatch? PythonAppDefault(JobRecord job)
    {
        if (job.State == JobState.StagedIn)
        {
            try
            {
                Directory.CreateDirectory(SiteLayout.Workdir(siteFolder, job.Workdir));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return CouldNotRun(job, AppHooks.Preprocess, $"the workdir could not be made: {e.Message}");
            }
        }

        return DefaultHooks.NextState(job.State) is { } next ? JobPatch.ToState(next) : null;
    }

    private static JobPatch CouldNotRun(JobRecord job, AppHooks hook, string why) =>
        JobPatch.ToState(JobState.Failed, new System.Text.Json.Nodes.JsonObject
        {
            ["message"] = $"{hook} of {job.AppName} could not run at the site", ["exception"] = why,
        }.ToJsonString());
}
