using System.Diagnostics;
using Balsam.Client.Jobs;
using Balsam.Jobs;
using Balsam.Sessions;
using Balsam.Sites;
using Balsam.States;

namespace Balsam.Tests.Integration.Faults;

/// <summary>
/// Real faults on loopback, each under load (300 short jobs): the silo killed and started again, the database crashed and
/// started again, the site agent killed and started again, a client waiting across a silo restart. Every job must reach
/// JOB_FINISHED and have run exactly once, counted by the marks its command leaves, not by its state.
/// </summary>
[TestClass]
[DoNotParallelize] // real processes competing for the two cores
public sealed class FaultTests
{
    private const int JobCount = 300;
    private static readonly TimeSpan DoneLimit = TimeSpan.FromSeconds(75);

    public TestContext TestContext { get; set; } = null!;

    private void Report(string line) => TestContext.WriteLine(line);

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan limit, Func<string> what)
    {
        var deadline = DateTime.UtcNow + limit;
        while (!condition())
        {
            Assert.IsTrue(DateTime.UtcNow < deadline, $"timed out waiting: {what()}");
            await Task.Delay(50);
        }
    }

    private void AssertAllRanOnce(
        string scenario, TimeSpan outage, IReadOnlyList<long> ids, Dictionary<long, JobRecord> states, Dictionary<long, int> marks,
        Stopwatch clock, Func<string> diagnostics)
    {
        Report(FaultWorld.Verdict(scenario, outage, ids, states, marks, clock.Elapsed));
        Assert.IsTrue(ids.All(id => states[id].State == JobState.JobFinished), $"{FaultWorld.Summary(states)}{Environment.NewLine}{diagnostics()}");
        var wrong = ids.Where(id => marks.GetValueOrDefault(id) != 1).Select(id => $"{id}:{marks.GetValueOrDefault(id)}").ToList();
        Assert.IsEmpty(wrong, $"jobs not run exactly once: {string.Join(", ", wrong.Take(20))}{Environment.NewLine}{diagnostics()}");
        Assert.AreEqual(ids.Count, marks.Values.Sum(), "no run of a job that is not one of these");
    }

    [TestMethod]
    public async Task TheSiloKilledAndStartedAgainMidRunLosesNoJobAndRunsNoneTwice()
    {
        await using var world = await FaultWorld.StartAsync("silo-kill");
        var site = await world.SiteAsync("silo-kill", FaultWorld.LauncherSettings());
        var ids = (await world.MarkJobsAsync(site, JobCount)).Select(j => j.Id).ToList();
        var clock = Stopwatch.StartNew();
        var launcher = world.StartLauncher(site, idleSec: 6);
        string Diagnostics() => $"launcher:{Environment.NewLine}{launcher.Output}{Environment.NewLine}silo:{Environment.NewLine}{world.Silo.Output}";

        await WaitUntilAsync(() => FaultWorld.Marks(site).Count >= 60 || launcher.HasExited, TimeSpan.FromSeconds(60), Diagnostics);
        var down = Stopwatch.StartNew();
        world.KillSilo();
        await Task.Delay(TimeSpan.FromSeconds(5));
        Assert.IsFalse(launcher.HasExited, $"the launcher rode out the outage{Environment.NewLine}{Diagnostics()}");
        await world.RestartSiloAsync();
        var outage = down.Elapsed;

        var states = await world.WaitForDoneAsync(ids, DoneLimit);
        Assert.IsFalse(launcher.HasExited && launcher.ExitCode != 0, Diagnostics());
        var code = await launcher.WaitForExitAsync(TimeSpan.FromSeconds(40));
        AssertAllRanOnce("silo-kill", outage, ids, states, FaultWorld.Marks(site), clock, Diagnostics);
        Assert.AreEqual(0, code, Diagnostics());
        StringAssert.Contains(launcher.Output, "The service is back after", "the launcher said once that the service was back");
    }

    [TestMethod]
    public async Task TheDatabaseCrashedAndStartedAgainMidRunLosesNoJobAndRunsNoneTwice()
    {
        await using var world = await FaultWorld.StartAsync("pg-crash");
        var site = await world.SiteAsync("pg-crash", FaultWorld.LauncherSettings());
        var ids = (await world.MarkJobsAsync(site, JobCount)).Select(j => j.Id).ToList();
        var clock = Stopwatch.StartNew();
        var launcher = world.StartLauncher(site, idleSec: 6);
        string Diagnostics() => $"launcher:{Environment.NewLine}{launcher.Output}{Environment.NewLine}silo:{Environment.NewLine}{world.Silo.Output}";

        await WaitUntilAsync(() => FaultWorld.Marks(site).Count >= 60 || launcher.HasExited, TimeSpan.FromSeconds(60), Diagnostics);
        var down = Stopwatch.StartNew();
        var port = await world.CrashPostgresAsync();
        await Task.Delay(TimeSpan.FromSeconds(10));
        Assert.IsFalse(launcher.HasExited, $"the launcher rode out the outage{Environment.NewLine}{Diagnostics()}");
        await world.StartPostgresAsync(port);
        var outage = down.Elapsed;

        var states = await world.WaitForDoneAsync(ids, DoneLimit);
        var code = await launcher.WaitForExitAsync(TimeSpan.FromSeconds(40));
        AssertAllRanOnce("postgres-crash", outage, ids, states, FaultWorld.Marks(site), clock, Diagnostics);
        Assert.AreEqual(0, code, Diagnostics());
        Assert.IsFalse(world.Silo.HasExited, "the silo rode out the database crash");
    }

    [TestMethod]
    public async Task AClientWaitingForResultsGetsThemAcrossASiloRestart()
    {
        await using var world = await FaultWorld.StartAsync("future");
        var site = await world.SiteAsync(SlowAdder.SiteName, FaultWorld.LauncherSettings());
        var balsam = world.Client;
        await balsam.Apps.SyncAsync<SlowAdder>();
        await balsam.Apps.RegisterAsync(site.Id, new Balsam.Apps.AppDefinition { Name = "Mark", CommandTemplate = FaultWorld.MarkCommand });
        var adder = await balsam.Jobs.SubmitAsync<SlowAdder>("future/adder", new { x = 2, y = 3, sleepMs = 7000 }, new JobOptions { NodePackingCount = 4 });
        var marked = await balsam.Jobs.BulkCreateAsync(Enumerable.Range(0, JobCount).Select(i => new JobSpec
        {
            SiteId = site.Id, AppName = "Mark", Workdir = $"m/{i}", Resources = new JobResources { NodePackingCount = 4 },
        }));
        var ids = marked.Select(j => j.Id).ToList();
        var clock = Stopwatch.StartNew();
        var launcher = world.StartLauncher(site, idleSec: 6);
        string Diagnostics() => $"launcher:{Environment.NewLine}{launcher.Output}{Environment.NewLine}silo:{Environment.NewLine}{world.Silo.Output}";
        var result = adder.ResultAsync<int>(TimeSpan.FromSeconds(100));
        var all = balsam.Jobs.WaitAsync(marked, timeout: TimeSpan.FromSeconds(100));
        var allReturnedAt = all.ContinueWith(_ => DateTimeOffset.UtcNow, TaskScheduler.Default);

        // The run-app process loads the app from the service at its start: kill the silo once it runs the user's code.
        Assert.IsTrue(await world.WaitForStatesAsync([adder.Id], TimeSpan.FromSeconds(60), JobState.Running), Diagnostics());
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        var down = Stopwatch.StartNew();
        world.KillSilo();
        await Task.Delay(TimeSpan.FromSeconds(5));
        await world.RestartSiloAsync();
        var outage = down.Elapsed;
        var back = Stopwatch.StartNew();

        int sum;
        try
        {
            sum = await result;
        }
        catch (TimeoutException e)
        {
            var now = await world.WaitForDoneAsync([adder.Id], TimeSpan.FromSeconds(1));
            var history = string.Join(Environment.NewLine, (await world.Jobs.EventsAsync(new EventQuery { JobIds = [adder.Id] }))
                .Select(h => $"  {h.Timestamp:HH:mm:ss.fff} {h.From} -> {h.To} {h.Data}"));
            throw new AssertFailedException(
                $"{e.Message}; stored state {now[adder.Id].State}{Environment.NewLine}{history}{Environment.NewLine}{Diagnostics()}", e);
        }

        Assert.AreEqual(5, sum);
        var resultAfter = back.Elapsed;
        var waited = await all;
        var allAfter = back.Elapsed;
        var returnedAt = await allReturnedAt;
        var states = await world.WaitForDoneAsync(ids, TimeSpan.FromSeconds(10));
        Assert.AreEqual(JobCount, waited.Done.Count, Diagnostics());
        // How long the futures lagged behind the last job's end: the jobs' own run after the restart depends on the
        // machine's load, the lag only on how the client hears of the ends.
        var lastEnd = (await world.Jobs.EventsAsync(new EventQuery { JobIds = ids, ToState = JobState.JobFinished, Descending = true, Limit = 1 }))
            .Single().Timestamp;
        var lag = returnedAt - lastEnd;
        Report($"the result arrived {resultAfter.TotalSeconds:F1} s and all {JobCount} futures {allAfter.TotalSeconds:F1} s after the silo was back, " +
            $"{lag.TotalSeconds:F1} s after the last job ended");
        await launcher.WaitForExitAsync(TimeSpan.FromSeconds(40));
        AssertAllRanOnce("client-across-silo-restart", outage, ids, states, FaultWorld.Marks(site), clock, Diagnostics);
        Assert.IsLessThan(10.0, lag.TotalSeconds, "the futures did not wait for a subscription renewal (minutes) after the jobs ended");
    }

    [TestMethod]
    public async Task TheSiteAgentKilledAndStartedAgainMidRunLosesNoJobAndRunsNoneTwice()
    {
        await using var world = await FaultWorld.StartAsync("agent-kill", sessionExpiry: TimeSpan.FromSeconds(8));
        var site = await world.SiteAsync(MarkedWithHook.SiteName, FaultWorld.LauncherSettings());
        var balsam = world.Client;
        await balsam.Apps.SyncAsync<MarkedWithHook>();
        var jobs = await balsam.Jobs.BulkCreateAsync(Enumerable.Range(0, JobCount)
            .Select(i => balsam.Jobs.New<MarkedWithHook>($"m/{i}", options: new JobOptions { NodePackingCount = 4 })));
        var ids = jobs.Select(j => j.Id).ToList();
        var clock = Stopwatch.StartNew();
        var agent = world.StartBalsam(site.Path, "site", "agent", "--site", site.Id.ToString());
        var launcher = world.StartLauncher(site, idleSec: 60);
        BalsamProcess? second = null;
        string Diagnostics() => $"launcher:{Environment.NewLine}{launcher.Output}{Environment.NewLine}agent:{Environment.NewLine}{agent.Output}" +
            $"{Environment.NewLine}second agent:{Environment.NewLine}{second?.Output}";

        await WaitUntilAsync(() => FaultWorld.Marks(site).Count >= 100 || agent.HasExited, TimeSpan.FromSeconds(60), Diagnostics);
        var down = Stopwatch.StartNew();
        agent.Kill();
        await Task.Delay(TimeSpan.FromSeconds(2));
        second = world.StartBalsam(site.Path, "site", "agent", "--site", site.Id.ToString());
        var outage = down.Elapsed;

        var states = await world.WaitForDoneAsync(ids, DoneLimit);
        AssertAllRanOnce("agent-kill", outage, ids, states, FaultWorld.Marks(site), clock, Diagnostics);
        var finishedEvents = await world.Jobs.EventsAsync(new EventQuery { JobIds = ids, ToState = JobState.JobFinished });
        Assert.AreEqual(JobCount, finishedEvents.Count, "each job finished once");
    }

    [TestMethod]
    public async Task AStaleReportFromAnExpiredSessionIsRefusedAndChangesNothing()
    {
        await using var world = await FaultWorld.StartAsync("stale", sessionExpiry: TimeSpan.FromSeconds(3));
        var site = await world.SiteAsync("stale", FaultWorld.LauncherSettings());
        var ids = (await world.MarkJobsAsync(site, JobCount)).Select(j => j.Id).ToList();
        var clock = Stopwatch.StartNew();
        var sites = world.Client.Cluster.GetGrain<ISiteGrain>(site.Id);
        var runs = ids.ToDictionary(id => id, _ => 0);

        // Session A acquires and starts every job, then goes silent (a launcher frozen or cut off) until it expires.
        var a = world.Client.Cluster.GetGrain<ISessionGrain>((await sites.OpenSessionAsync(null)).Id);
        var acquiredByA = await a.AcquireAsync(new AcquireRequest { MaxJobs = AcquireRequest.MaxJobsLimit });
        Assert.AreEqual(JobCount, acquiredByA.Count);
        await Report(world, ids, a.GetPrimaryKeyLong(), JobPatch.ToState(JobState.Running), expectRefused: 0);
        foreach (var id in ids)
        {
            runs[id]++;
        }

        var expired = await world.WaitForStatesAsync(ids, TimeSpan.FromSeconds(30), JobState.RunTimeout, JobState.RestartReady);
        Assert.IsTrue(expired, "A's session expired and its running jobs timed out");
        var timedOut = await world.Jobs.QueryAsync(new JobQuery { Ids = [.. ids], States = [JobState.RunTimeout] });
        var retry = await world.Jobs.UpdateEachAsync(timedOut.ToDictionary(j => j.Id, _ => JobPatch.ToState(JobState.RestartReady)));
        Assert.IsEmpty(retry.Failures);

        // Session B runs them again, alive as a launcher keeps it (the short expiry would otherwise end it on a busy machine).
        var b = world.Client.Cluster.GetGrain<ISessionGrain>((await sites.OpenSessionAsync(null)).Id);
        using var stopTicking = new CancellationTokenSource();
        var ticking = Task.Run(async () =>
        {
            while (!stopTicking.IsCancellationRequested)
            {
                await b.TickAsync();
                await Task.Delay(TimeSpan.FromMilliseconds(500), stopTicking.Token).ContinueWith(_ => { });
            }
        });
        Assert.AreEqual(JobCount, (await b.AcquireAsync(new AcquireRequest { MaxJobs = AcquireRequest.MaxJobsLimit })).Count);
        await Report(world, ids, b.GetPrimaryKeyLong(), JobPatch.ToState(JobState.Running), expectRefused: 0);
        foreach (var id in ids)
        {
            runs[id]++;
        }

        // A's late RUN_DONE arrives: refused, nothing changes.
        await Report(world, ids, a.GetPrimaryKeyLong(), new JobPatch { State = JobState.RunDone, ReturnCode = 0 }, expectRefused: JobCount);
        var after = (await world.Jobs.QueryAsync(new JobQuery { Ids = [.. ids] })).ToDictionary(j => j.Id);
        Assert.IsTrue(after.Values.All(j => j.State == JobState.Running && j.SessionId == b.GetPrimaryKeyLong()), FaultWorld.Summary(after));

        await Report(world, ids, b.GetPrimaryKeyLong(), new JobPatch { State = JobState.RunDone, ReturnCode = 0 }, expectRefused: 0);
        await stopTicking.CancelAsync();
        await ticking;
        var states = await world.WaitForDoneAsync(ids, TimeSpan.FromSeconds(30));
        var runDone = await world.Jobs.EventsAsync(new EventQuery { JobIds = ids, ToState = JobState.RunDone });
        var started = await world.Jobs.EventsAsync(new EventQuery { JobIds = ids, ToState = JobState.Running });
        Report(FaultWorld.Verdict("stale-report", TimeSpan.Zero, ids, states, runDone.GroupBy(e => e.JobId).ToDictionary(g => g.Key, g => g.Count()), clock.Elapsed));
        Assert.IsTrue(states.Values.All(j => j.State == JobState.JobFinished), FaultWorld.Summary(states));
        Assert.AreEqual(JobCount, runDone.Count, "one RUN_DONE per job: B's, never A's");
        Assert.IsTrue(started.GroupBy(e => e.JobId).All(g => g.Count() == runs[g.Key] && runs[g.Key] == 2), "one RUNNING event per run");
    }

    private static async Task Report(FaultWorld world, IReadOnlyList<long> ids, long sessionId, JobPatch patch, int expectRefused)
    {
        var result = await world.Jobs.UpdateEachAsync(ids.ToDictionary(id => id, _ => patch with { SessionId = sessionId, Actor = JobActor.Launcher }));
        Assert.AreEqual(expectRefused, result.Failures.Count, string.Join("; ", result.Failures.Take(3).Select(f => $"{f.Key}: {f.Value}")));
    }
}
