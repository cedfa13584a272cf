using System.Text.Json.Nodes;
using Balsam.Client;
using Balsam.Jobs;
using Balsam.Launcher.Pilot.Nodes;
using Balsam.Launcher.Pilot.RunApp;
using Balsam.Launcher.Settings;
using Balsam.Launcher.Sites;
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
    private readonly KnownLeases _leases = new();
    private bool _acquireAnswerLost;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<long, string> _workdirs = new();
    private Task _flushing = Task.CompletedTask;
    private readonly StartRate _startRate = new();
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();

    /// <summary>Runs until the wall time ends, the idle time passes, or <paramref name="cancellationToken"/> fires.</summary>
    /// <returns>How many jobs this launcher started.</returns>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var launcher = settings.Launcher;
        var hosts = options.Hosts ?? [Environment.MachineName];
        var nodes = new NodeManager(launcher.ComputeNode.NodesFor(hosts), launcher.MpirunAllowsNodePacking);
        await using var starter = new JobStarter(client, options, settings, launcher.CreateMpiLauncher(), logger);
        var site = client.Cluster.GetGrain<ISiteGrain>(options.SiteId);
        var session = client.Cluster.GetGrain<ISessionGrain>((await site.OpenSessionAsync(options.BatchJobId)).Id);
        var jobs = client.Cluster.GetGrain<IJobServiceGrain>(0);
        var outage = new ServiceOutage(TimeSpan.FromSeconds(launcher.ServiceOutageToleranceSec), "launcher", logger);
        var exits = new RecordedExits(client, options.SiteFolder, logger);
        var reporter = new StatusReporter(jobs, session.GetPrimaryKeyLong(), JobActor.Launcher, outage, logger,
            TimeSpan.FromMilliseconds(launcher.RunningReportHoldMs), TimeSpan.FromMilliseconds(launcher.ReportBatchMs))
        {
            Delivered = (id, patch) =>
            {
                // The service has the run's end: its exit record is no longer needed to avoid a re-run.
                if (patch.State is not JobState.Running && _workdirs.Remove(id, out var workdir))
                {
                    ExitRecord.Delete(workdir);
                }

                if (patch.State is { } state && state is not JobState.Running)
                {
                    _leases.Ended(id);
                }
            },
        };
        await using var work = await SiteWorkSubscription.StartAsync(client, options.SiteId, logger: logger);

        var deadline = DateTimeOffset.UtcNow + options.WallTime;
        var idleTtl = options.IdleTtl ?? TimeSpan.FromSeconds(launcher.IdleTtlSec);
        var poll = TimeSpan.FromSeconds(Math.Max(0.05, launcher.DelaySec));
        var lastBusy = DateTimeOffset.UtcNow;
        var lastTick = DateTimeOffset.UtcNow;
        var started = 0;
        logger.LogInformation("Launcher ({Mode}) on {Nodes} node(s), session {Session}, wall time {WallTime}",
            options.Mode, nodes.NodeCount, session.GetPrimaryKeyLong(), options.WallTime);
        try
        {
            while (!cancellationToken.IsCancellationRequested && DateTimeOffset.UtcNow < deadline)
            {
                await HarvestAsync(reporter, nodes);
                // Jobs leased ahead start before the service is asked for more: freed nodes never wait on a round trip.
                started += await StartWaitingAsync(nodes, starter, exits, reporter, session.GetPrimaryKeyLong());
                var request = AcquireSizing.Next(options.Mode, launcher, options.FilterTags, nodes.NodeCount, nodes.FreeNodeCapacity,
                    _running.Count, _waiting.Count, deadline - DateTimeOffset.UtcNow, nodes.IdleNodeCount, WaitingFootprint(nodes),
                    _startRate.NodesPerSecond(_clock.Elapsed));
                if (request is not null)
                {
                    // While the service is away nothing is acquired; running jobs go on and their reports wait.
                    await outage.TryAsync(async () =>
                    {
                        var acquired = await AcquireAsync(session, request);
                        _waiting.AddRange(acquired);
                        lastTick = DateTimeOffset.UtcNow;
                        if (acquired.Count > 0)
                        {
                            await starter.RefreshAppsIfChangedAsync();
                        }

                    });
                }

                started += await StartWaitingAsync(nodes, starter, exits, reporter, session.GetPrimaryKeyLong());
                await FlushInBackgroundAsync(reporter);

                // While the service is away there may well be work it cannot hand out: that is not idleness.
                if (_running.Count > 0 || _waiting.Count > 0 || outage.IsDown || reporter.HasPending)
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
                    await outage.TryAsync(async () =>
                    {
                        await session.TickAsync();
                        lastTick = DateTimeOffset.UtcNow;
                    });
                }

                await outage.TryAsync(work.RenewIfDueAsync);
                var untilDeadline = deadline - DateTimeOffset.UtcNow;
                var wait = untilDeadline < poll ? untilDeadline : poll;
                if (wait > TimeSpan.Zero)
                {
                    await WaitForWorkAsync(work, reporter, wait, cancellationToken);
                }
            }
        }
        finally
        {
            // Reports first: closing the session would time its RUNNING jobs out and refuse their real ends.
            await StopAllAsync(reporter, nodes, outage);
            await outage.TryAsync(session.CloseAsync);
            logger.LogInformation("Session {Session} closed", session.GetPrimaryKeyLong());
        }

        return started;
    }

    /// <summary>
    /// Leases jobs, and after a call that failed (its lease may have been written and its answer lost with the service)
    /// takes back what this session holds but this launcher never saw. Jobs it already knows are never handed out twice.
    /// </summary>
    private async Task<List<JobRecord>> AcquireAsync(ISessionGrain session, AcquireRequest request)
    {
        var reclaim = _acquireAnswerLost;
        _acquireAnswerLost = true; // until the answer is in hand
        var acquired = await session.AcquireAsync(request with { Reclaim = reclaim });
        _acquireAnswerLost = false;
        var unseen = _leases.Accept(acquired, reclaim);
        if (reclaim && unseen.Count > 0)
        {
            logger.LogInformation("Took back {Count} job(s) leased by an acquire whose answer was lost", unseen.Count);
        }

        return unseen;
    }

    /// <summary>Sends reported updates without holding up the next start; one flush at a time keeps their order.</summary>
    private async Task FlushInBackgroundAsync(StatusReporter reporter)
    {
        if (!_flushing.IsCompleted || !reporter.HasDue)
        {
            return;
        }

        await _flushing; // surfaces a failure of the previous flush
        _flushing = reporter.FlushAsync();
    }

    private async Task WaitForWorkAsync(SiteWorkSubscription work, StatusReporter reporter, TimeSpan wait, CancellationToken cancellationToken)
    {
        using var stopWaiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var anyExit = _running.Count > 0 ? Task.WhenAny(_running.Values.Select(r => r.Finished)) : Task.Delay(Timeout.Infinite, stopWaiting.Token);
        var pushed = work.WaitForPushAsync(wait, stopWaiting.Token); // renewed in the loop, through the outage tracker
        // Reports that came in while a flush was under way (a short job's end behind its RUNNING) go as soon as that
        // flush is done, not a poll period later.
        var flushed = reporter.HasPending && !_flushing.IsCompleted ? _flushing : Task.Delay(Timeout.Infinite, stopWaiting.Token);
        // A RUNNING report held for its run's end goes when its hold is over, even if nothing else happens (a flush under
        // way sends it itself).
        var held = _flushing.IsCompleted && reporter.NextDue() is { } due
            ? Task.Delay(due > TimeSpan.Zero ? due : TimeSpan.Zero, stopWaiting.Token)
            : flushed;
        await Task.WhenAny(pushed, anyExit, flushed, held);
        await stopWaiting.CancelAsync();
        try
        {
            await pushed;
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>The node footprint of the jobs acquired but not started.</summary>
    private double WaitingFootprint(NodeManager nodes) => _waiting.Sum(j => Footprint(nodes, j));

    /// <summary>The share of nodes a job takes: a packed single-node job a fraction of one.</summary>
    private static double Footprint(NodeManager nodes, JobRecord job) =>
        nodes.AllowNodePacking && job.Resources.NumNodes == 1 ? 1.0 / Math.Max(1, job.Resources.NodePackingCount) : job.Resources.NumNodes;

    private async Task<int> StartWaitingAsync(NodeManager nodes, JobStarter starter, RecordedExits exits, StatusReporter reporter, long sessionId)
    {
        var started = 0;
        if (_waiting.Count == 0)
        {
            return 0;
        }

        foreach (var job in _waiting.ToList())
        {
            if (options.Mode == LauncherMode.Mpi && _running.Count >= settings.Launcher.MaxConcurrentMpiruns)
            {
                break; // leased ahead: it starts when a run ends
            }

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

            var replayed = await ReplayedAsync(job, exits, reporter);
            if (replayed is not false)
            {
                nodes.Release(job.Id);
                if (replayed is null)
                {
                    _waiting.Add(job); // not known yet whether it already ran: ask again later rather than risk a second run
                    break;
                }

                continue;
            }

            try
            {
                var running = await starter.StartAsync(job, placement.Placement!, sessionId);
                _running[job.Id] = running;
                _workdirs[job.Id] = exits.Workdir(job);
                reporter.Report(job.Id, new JobPatch
                {
                    State = JobState.Running,
                    StateTimestamp = DateTimeOffset.UtcNow, // the report may wait for the run's end (its hold)
                    SessionId = sessionId,
                    BatchJobId = options.BatchJobId,
                    StateData = Data("num_nodes", job.Resources.NumNodes / (double)job.Resources.NodePackingCount),
                });
                _startRate.Started(_clock.Elapsed, Footprint(nodes, job));
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

    /// <summary>Reports a recorded exit instead of running the job again (its launcher died before its report was sent).</summary>
    /// <returns>True when replayed, false when the job should run, null when that cannot be known now.</returns>
    private async Task<bool?> ReplayedAsync(JobRecord job, RecordedExits exits, StatusReporter reporter)
    {
        try
        {
            if (await exits.ReplayAsync(job) is not { } reports)
            {
                return false;
            }

            foreach (var report in reports)
            {
                reporter.Report(job.Id, report);
            }

            _workdirs[job.Id] = exits.Workdir(job);
            return true;
        }
        catch (Exception e) when (Errors.TransientErrors.IsTransient(e))
        {
            logger.LogWarning("Job {JobId}: could not check its recorded exit ({Error}); it waits", job.Id, e.Message);
            return null;
        }
    }

    private Task HarvestAsync(StatusReporter reporter, NodeManager nodes)
    {
        foreach (var running in _running.Values.Where(r => r.Run.HasExited).ToList())
        {
            _running.Remove(running.Job.Id);
            nodes.Release(running.Job.Id);
            var code = running.Run.ExitCode;
            var (value, exception) = RunResultFile.Take(Path.GetDirectoryName(running.OutputFile)!);
            reporter.Report(running.Job.Id, JobResultPatch.For(running.Stopped, code, value, exception,
                () => running.Tail(settings.Launcher.ErrorTailNumLines)));
            running.Run.Dispose();
        }

        return Task.CompletedTask;
    }

    private async Task StopAllAsync(StatusReporter reporter, NodeManager nodes, ServiceOutage outage)
    {
        foreach (var running in _running.Values)
        {
            running.Stopped = !running.Run.HasExited;
        }

        await Task.WhenAll(_running.Values.Select(r => r.Run.StopAsync(options.KillGrace)));
        await HarvestAsync(reporter, nodes);
        _waiting.Clear(); // acquired but not started: closing the session releases them
        try
        {
            await _flushing;
        }
        catch (ServiceOutageException)
        {
        }

        // The last reports are worth waiting for (within the outage tolerance): without them the jobs would run again.
        reporter.ReleaseHeld();
        while (reporter.HasPending)
        {
            try
            {
                await reporter.FlushAsync(now: true);
            }
            catch (ServiceOutageException e)
            {
                logger.LogError("The last job reports could not be sent: {Error}", e.Message);
                return;
            }

            if (reporter.HasPending)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500));
            }
        }
    }

    private static string Data(string key, string value) => new JsonObject { [key] = value }.ToJsonString();

    private static string Data(string key, double value) => new JsonObject { [key] = value }.ToJsonString();
}
