using System.Text.Json.Nodes;
using Balsam.Client;
using Balsam.Jobs;
using Balsam.Launcher.Pilot.Mpi;
using Balsam.Launcher.Pilot.Nodes;
using Balsam.Launcher.Pilot.RunApp;
using Balsam.Launcher.Pilot.Shell;
using Balsam.Launcher.Settings;
using Balsam.Sessions;
using Balsam.Sites;
using Balsam.States;
using Microsoft.Extensions.Logging;

namespace Balsam.Launcher.Pilot;

/// <summary>
/// The launcher of SPEC §5: opens a session, acquires jobs within its node budget, starts them (through MPI, or as local
/// processes in serial mode), reports RUNNING, RUN_DONE and RUN_ERROR in batches, stops everything as RUN_TIMEOUT at
/// the end of its wall time or on cancellation (SIGTERM), and exits after its idle time with nothing to do. It wakes
/// at once when the service pushes that jobs became runnable; the poll period is only a fallback.
/// </summary>
public sealed class JobLauncherService(BalsamClient client, LauncherOptions options, SiteSettings settings, ILogger logger)
{
    private readonly Dictionary<long, RunningJob> _running = [];
    private readonly List<JobRecord> _waiting = [];
    private readonly WorkSignal _signal = new();
    private Task _flushing = Task.CompletedTask;
    private AppTypeLoader? _appTypes;

    /// <summary>Runs until the wall time ends, the idle time passes, or <paramref name="cancellationToken"/> fires.</summary>
    /// <returns>How many jobs this launcher started.</returns>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var launcher = settings.Launcher;
        var hosts = options.Hosts ?? [Environment.MachineName];
        var nodes = new NodeManager(launcher.ComputeNode.NodesFor(hosts), launcher.MpirunAllowsNodePacking);
        var mpi = launcher.CreateMpiLauncher();
        var site = client.Cluster.GetGrain<ISiteGrain>(options.SiteId);
        var session = client.Cluster.GetGrain<ISessionGrain>((await site.OpenSessionAsync(options.BatchJobId)).Id);
        var jobs = client.Cluster.GetGrain<IJobServiceGrain>(0);
        var reporter = new StatusReporter(jobs, logger);
        var apps = new AppCatalogue(client, options.SiteId);
        var signalReference = client.Cluster.CreateObjectReference<ISiteWorkObserver>(_signal);
        await site.SubscribeToWorkAsync(signalReference);

        var deadline = DateTimeOffset.UtcNow + options.WallTime;
        var idleTtl = options.IdleTtl ?? TimeSpan.FromSeconds(launcher.IdleTtlSec);
        var poll = TimeSpan.FromSeconds(Math.Max(0.05, launcher.DelaySec));
        var lastBusy = DateTimeOffset.UtcNow;
        var lastTick = DateTimeOffset.UtcNow;
        var lastSubscribe = DateTimeOffset.UtcNow;
        var started = 0;
        logger.LogInformation("Launcher ({Mode}) on {Nodes} node(s), session {Session}, wall time {WallTime}",
            options.Mode, nodes.NodeCount, session.GetPrimaryKeyLong(), options.WallTime);
        try
        {
            while (!cancellationToken.IsCancellationRequested && DateTimeOffset.UtcNow < deadline)
            {
                await HarvestAsync(reporter, nodes);
                var remainingMin = (int)Math.Floor((deadline - DateTimeOffset.UtcNow).TotalMinutes);
                var prefetch = options.Mode == LauncherMode.Serial ? launcher.SerialModePrefetchPerRank * nodes.NodeCount : 0;
                if (_running.Count < launcher.MaxConcurrentMpiruns && nodes.FreeNodeCapacity > NodeManager.Epsilon && _waiting.Count <= prefetch / 2)
                {
                    var acquired = await session.AcquireAsync(new AcquireRequest
                    {
                        MaxJobs = Math.Min(AcquireRequest.MaxJobsLimit, Math.Max(1, options.Mode == LauncherMode.Serial
                            ? launcher.SerialModePrefetchPerRank * nodes.NodeCount
                            : launcher.MaxConcurrentMpiruns - _running.Count)),
                        FilterTags = options.FilterTags,
                        SerialOnly = options.Mode == LauncherMode.Serial,
                        MaxNodesPerJob = nodes.NodeCount,
                        MaxAggregateNodes = options.Mode == LauncherMode.Mpi ? nodes.FreeNodeCapacity : null,
                        MaxWallTimeMin = remainingMin > 0 ? remainingMin : null,
                        Order = launcher.SortBy,
                    });
                    _waiting.AddRange(acquired);
                    lastTick = DateTimeOffset.UtcNow;
                }

                started += await StartWaitingAsync(nodes, mpi, apps, reporter, session.GetPrimaryKeyLong());
                await FlushInBackgroundAsync(reporter);

                if (_running.Count > 0 || _waiting.Count > 0)
                {
                    lastBusy = DateTimeOffset.UtcNow;
                }
                else if (DateTimeOffset.UtcNow - lastBusy >= idleTtl)
                {
                    logger.LogInformation("Nothing to do for {IdleTtl}: the launcher ends", idleTtl);
                    break;
                }

                if (DateTimeOffset.UtcNow - lastTick > TimeSpan.FromSeconds(30))
                {
                    await session.TickAsync();
                    lastTick = DateTimeOffset.UtcNow;
                }

                if (DateTimeOffset.UtcNow - lastSubscribe > ContractLimits.SubscriptionRenewInterval)
                {
                    await site.SubscribeToWorkAsync(signalReference); // subscriptions expire after 5 minutes
                    lastSubscribe = DateTimeOffset.UtcNow;
                }

                var untilDeadline = deadline - DateTimeOffset.UtcNow;
                var wait = untilDeadline < poll ? untilDeadline : poll;
                if (wait > TimeSpan.Zero)
                {
                    await WaitForWorkAsync(wait, cancellationToken);
                }
            }
        }
        finally
        {
            await StopAllAsync(reporter, nodes);
            await site.UnsubscribeFromWorkAsync(signalReference);
            client.Cluster.DeleteObjectReference<ISiteWorkObserver>(signalReference);
            await session.CloseAsync();
        }

        return started;
    }

    /// <summary>Sends reported updates without holding up the next start; one flush at a time keeps their order.</summary>
    private async Task FlushInBackgroundAsync(StatusReporter reporter)
    {
        if (!_flushing.IsCompleted || !reporter.HasPending)
        {
            return;
        }

        await _flushing; // surfaces a failure of the previous flush
        _flushing = reporter.FlushAsync();
    }

    private async Task WaitForWorkAsync(TimeSpan wait, CancellationToken cancellationToken)
    {
        using var stopWaiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var anyExit = _running.Count > 0 ? Task.WhenAny(_running.Values.Select(r => r.Finished)) : Task.Delay(Timeout.Infinite, stopWaiting.Token);
        var pushed = _signal.WaitAsync(wait, stopWaiting.Token);
        await Task.WhenAny(pushed, anyExit);
        await stopWaiting.CancelAsync();
        try
        {
            await pushed;
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task<int> StartWaitingAsync(NodeManager nodes, IMpiLauncher mpi, AppCatalogue apps, StatusReporter reporter, long sessionId)
    {
        var started = 0;
        foreach (var job in _waiting.ToList())
        {
            var placement = nodes.TryPlace(job.Id, job.Resources);
            if (placement.Outcome == PlacementOutcome.WaitForResources)
            {
                continue;
            }

            _waiting.Remove(job);
            if (placement.Outcome == PlacementOutcome.Impossible)
            {
                reporter.Report(job.Id, JobPatch.ToState(JobState.Failed, Data("message", $"This launcher can never run the job: {placement.Reason}")));
                continue;
            }

            try
            {
                var running = await StartAsync(job, placement.Placement!, mpi, apps);
                _running[job.Id] = running;
                reporter.Report(job.Id, new JobPatch
                {
                    State = JobState.Running,
                    SessionId = sessionId,
                    BatchJobId = options.BatchJobId,
                    StateData = Data("num_nodes", job.Resources.NumNodes / (double)job.Resources.NodePackingCount),
                });
                started++;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A job that cannot be started (its template, its app's code, its folder) fails alone; the launcher goes on.
                nodes.Release(job.Id);
                logger.LogWarning("Job {JobId} could not be started: {Reason}", job.Id, e.Message);
                reporter.Report(job.Id, JobPatch.ToState(JobState.Failed,
                    new JsonObject { ["message"] = "An exception occurred while constructing the job command line", ["exception"] = e.Message }.ToJsonString()));
            }
        }

        return started;
    }

    private async Task<RunningJob> StartAsync(JobRecord job, NodePlacement placement, IMpiLauncher mpi, AppCatalogue apps)
    {
        var app = await apps.FindAsync(job.AppName) ?? throw new InvalidOperationException($"app '{job.AppName}' is not registered at this site");
        var definition = app.Definition;
        var workdir = Path.Combine(options.SiteFolder, "data", job.Workdir);
        Directory.CreateDirectory(workdir);
        IReadOnlyList<string> program = definition.CommandTemplate is { } template
            ? ["/bin/sh", "-c", CommandTemplateRenderer.Render(template, definition.Parameters, job.Parameters)]
            : [.. RunnerCommand(definition), "run-app", "--job-id", job.Id.ToString(), "--site-folder", options.SiteFolder];
        var request = new LaunchRequest
        {
            Command = program,
            Hosts = placement.Hosts,
            RanksPerNode = job.Resources.RanksPerNode,
            ThreadsPerRank = job.Resources.ThreadsPerRank,
            ThreadsPerCore = job.Resources.ThreadsPerCore,
            GpusPerRank = job.Resources.GpusPerRank,
            CpuIds = placement.CpuIds,
            GpuIds = placement.GpuIds,
            Environment = WithService(JobEnvironment.Build(definition.EnvironmentVariables, job.Id, job.Resources.ThreadsPerRank,
                placement.GpuIds, settings.Launcher.ComputeNode.VisibleDevicesVariable)),
            LaunchParams = job.Resources.LaunchParams,
            WorkingDirectory = workdir,
        };
        // Single-rank jobs on this node start as local processes (serial mode's fast path, and mpi mode's too);
        // anything else, including a serial job placed on another node of the allocation, goes through MPI.
        var useMpi = job.Resources.NumNodes > 1 || job.Resources.RanksPerNode > 1 || !IsLocal(placement);
        var command = (useMpi ? mpi : settings.Launcher.CreateLocalLauncher()).Build(request);
        var output = Path.Combine(workdir, "job.out");
        logger.LogInformation("Job {JobId} starts on {Hosts}: {Command}", job.Id, string.Join(',', placement.Hosts), command.ToShellLine());
        return new RunningJob(job, ProcessGroups.Start(command, output, await PreambleAsync(app, job)), placement, output);
    }

    /// <summary>The app's <c>ShellPreamble</c> lines for this job, when its class overrides the hook.</summary>
    private async Task<IReadOnlyList<string>> PreambleAsync(Apps.AppInfo app, JobRecord job)
    {
        if (!app.Definition.OverriddenHooks.HasFlag(Apps.AppHooks.ShellPreamble))
        {
            return [];
        }

        _appTypes ??= new AppTypeLoader(client, options.SiteFolder);
        var instance = await _appTypes.CreateAsync(app);
        instance.Job = new Balsam.Client.Jobs.Job(client, job);
        return instance.ShellPreamble();
    }

    /// <summary>The runner finds the service and the user the launcher uses.</summary>
    private Dictionary<string, string> WithService(IReadOnlyDictionary<string, string> environment)
    {
        var all = new Dictionary<string, string>(environment);
        foreach (var (name, value) in Sites.ServiceEnvironment.Of(client))
        {
            all[name] = value;
        }

        return all;
    }

    private IReadOnlyList<string> RunnerCommand(Apps.AppDefinition definition)
    {
        if (definition.RunnerExecutable is { } runner)
        {
            return [runner];
        }

        if (options.RunnerCommand is { } configured)
        {
            return configured;
        }

        return Sites.BalsamProgram.Command;
    }

    private static bool IsLocal(NodePlacement placement) =>
        placement.Hosts is [var host] && (host == Environment.MachineName || host == "localhost");

    private Task HarvestAsync(StatusReporter reporter, NodeManager nodes)
    {
        foreach (var running in _running.Values.Where(r => r.Process.HasExited).ToList())
        {
            _running.Remove(running.Job.Id);
            nodes.Release(running.Job.Id);
            var code = running.Process.ExitCode;
            var (value, exception) = RunResultFile.Take(Path.GetDirectoryName(running.OutputFile)!);
            reporter.Report(running.Job.Id, running.Stopped
                ? JobPatch.ToState(JobState.RunTimeout, Data("message", "The launcher stopped the job at the end of its wall time"))
                : code == 0
                    ? new JobPatch { State = JobState.RunDone, ReturnCode = 0, ReturnValue = value, Exception = value is null ? null : "" }
                    : new JobPatch
                    {
                        State = JobState.RunError,
                        ReturnCode = code,
                        Exception = exception,
                        StateData = new JsonObject { ["returncode"] = code, ["error"] = running.Tail(settings.Launcher.ErrorTailNumLines) }.ToJsonString(),
                    });
            running.Process.Dispose();
        }

        return Task.CompletedTask;
    }

    private async Task StopAllAsync(StatusReporter reporter, NodeManager nodes)
    {
        foreach (var running in _running.Values)
        {
            running.Stopped = !running.Process.HasExited;
        }

        await Task.WhenAll(_running.Values.Select(r => ProcessGroups.StopAsync(r.Process, options.KillGrace)));
        await HarvestAsync(reporter, nodes);
        _waiting.Clear(); // acquired but not started: closing the session releases them
        await _flushing;
        await reporter.FlushAsync();
    }

    private static string Data(string key, string value) => new JsonObject { [key] = value }.ToJsonString();

    private static string Data(string key, double value) => new JsonObject { [key] = value }.ToJsonString();
}
