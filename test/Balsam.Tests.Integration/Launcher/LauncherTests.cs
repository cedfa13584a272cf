using Balsam.Apps;
using Balsam.Client;
using Balsam.Jobs;
using Balsam.Launcher.Pilot;
using Balsam.Launcher.Settings;
using Balsam.Sites;
using Balsam.States;
using Balsam.Tests.Integration.Cli;
using Microsoft.Extensions.Logging.Abstractions;
using static Balsam.States.JobState;

namespace Balsam.Tests.Integration.Launcher;

/// <summary>The launcher running real processes (and real MPICH) against a real silo.</summary>
[TestClass]
[DoNotParallelize]
public sealed class LauncherTests
{
    private static CliTestSilo _silo = null!;
    private static BalsamClient _client = null!;
    private static string _root = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext _)
    {
        _silo = await CliTestSilo.StartAsync("launcher");
        _client = await _silo.ConnectAsync("launcher-user");
        _root = Directory.CreateTempSubdirectory("balsam-launcher-").FullName;
    }

    [ClassCleanup]
    public static async Task StopAsync()
    {
        await _client.DisposeAsync();
        await _silo.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    private static IJobServiceGrain Jobs => _client.Cluster.GetGrain<IJobServiceGrain>(0);

    private static async Task<SiteInfo> SiteAsync(string name, params AppDefinition[] apps)
    {
        var folder = Path.Combine(_root, name);
        Directory.CreateDirectory(Path.Combine(folder, "data"));
        var site = await _client.Sites.CreateAsync(new SiteSpec { Name = name, Path = folder });
        foreach (var app in apps)
        {
            await _client.Apps.RegisterAsync(site.Id, app);
        }

        return site;
    }

    private static JobSpec Spec(SiteInfo site, string app, string workdir, Dictionary<string, string>? parameters = null, JobResources? resources = null) =>
        new() { SiteId = site.Id, AppName = app, Workdir = workdir, Parameters = parameters ?? [], Resources = resources ?? JobResources.Default };

    private static JobLauncherService Launcher(SiteInfo site, LauncherMode mode = LauncherMode.Mpi, double wallTimeSec = 120, double idleSec = 1.5,
        int runningReportHoldMs = 100, int reportBatchMs = 20) =>
        new(_client, new LauncherOptions
        {
            Mode = mode,
            WallTime = TimeSpan.FromSeconds(wallTimeSec),
            SiteFolder = site.Path,
            SiteId = site.Id,
            IdleTtl = TimeSpan.FromSeconds(idleSec),
            KillGrace = TimeSpan.FromSeconds(2),
        }, SiteSettings.Default with { Launcher = SiteSettings.Default.Launcher with { DelaySec = 0.2, RunningReportHoldMs = runningReportHoldMs, ReportBatchMs = reportBatchMs } },
            NullLogger.Instance);

    private static async Task<Dictionary<long, JobRecord>> StatesAsync(IEnumerable<JobRecord> jobs) =>
        (await Jobs.QueryAsync(new JobQuery { Ids = [.. jobs.Select(j => j.Id)] })).ToDictionary(j => j.Id);

    [TestMethod]
    public async Task CommandJobsRunToFinishedWithTheirOutputInJobOut()
    {
        var site = await SiteAsync("hello-site", new AppDefinition { Name = "Hello", CommandTemplate = "echo Hello, {{ say_hello_to }}!" });
        var jobs = await Jobs.CreateAsync(
        [
            Spec(site, "Hello", "hello/world", new() { ["say_hello_to"] = "\"world\"" }),
            Spec(site, "Hello", "hello/quoting", new() { ["say_hello_to"] = "\"$(whoami); rm -rf /\"" }),
        ]);

        var started = await Launcher(site).RunAsync(CancellationToken.None);

        Assert.AreEqual(2, started);
        var states = await StatesAsync(jobs);
        Assert.IsTrue(states.Values.All(j => j.State == JobFinished), string.Join(", ", states.Values.Select(j => j.State)));
        Assert.AreEqual("Hello, world!", File.ReadAllText(Path.Combine(site.Path, "data", "hello/world", "job.out")).Trim());
        Assert.AreEqual("Hello, $(whoami); rm -rf /!", File.ReadAllText(Path.Combine(site.Path, "data", "hello/quoting", "job.out")).Trim(),
            "parameter values are quoted: nothing is executed");
        var events = await Jobs.EventsAsync(new EventQuery { JobIds = [jobs[0].Id] });
        CollectionAssert.AreEqual(new[] { StagedIn, Preprocessed, Running, RunDone, JobFinished }, events.Select(e => e.To).ToArray());
    }

    [TestMethod]
    public async Task AWorkdirThatLeadsOutOfDataThroughASymbolicLinkFailsItsJobAndNothingIsWrittenThere()
    {
        var site = await SiteAsync("link-site", new AppDefinition { Name = "Writes", CommandTemplate = "echo planted > planted.txt" });
        var outside = Directory.CreateTempSubdirectory("balsam-outside-").FullName;
        Directory.CreateSymbolicLink(Path.Combine(site.Path, "data", "escape"), outside);
        var jobs = await Jobs.CreateAsync([Spec(site, "Writes", "escape/1"), Spec(site, "Writes", "inside/1")]);

        await Launcher(site).RunAsync(CancellationToken.None);

        var states = await StatesAsync(jobs);
        Assert.AreEqual(Failed, states[jobs[0].Id].State);
        StringAssert.Contains(states[jobs[0].Id].StateData, "outside the site's data folder");
        Assert.IsEmpty(Directory.GetFileSystemEntries(outside), "nothing was created or run outside data/");
        Assert.AreEqual(JobFinished, states[jobs[1].Id].State, "the other job ran");
        Directory.Delete(outside);
    }

    [TestMethod]
    public async Task ATwoRankJobRunsUnderMpich()
    {
        var site = await SiteAsync("mpi-site", new AppDefinition { Name = "Ranks", CommandTemplate = "echo rank $PMI_RANK of $PMI_SIZE" });
        var job = (await Jobs.CreateAsync([Spec(site, "Ranks", "mpi/2", resources: new JobResources { RanksPerNode = 2 })])).Single();

        await Launcher(site).RunAsync(CancellationToken.None);

        Assert.AreEqual(JobFinished, (await StatesAsync([job]))[job.Id].State);
        var lines = File.ReadAllLines(Path.Combine(site.Path, "data", "mpi/2", "job.out")).Select(l => l.Trim()).Order().ToArray();
        CollectionAssert.AreEqual(new[] { "rank 0 of 2", "rank 1 of 2" }, lines);
    }

    [TestMethod]
    public async Task UnderMpichEachRankRunsABuiltInsProgramWithoutAShellOfItsOwn()
    {
        // Every bash that starts reads $BASH_ENV, which counts it: ranks started as `bash -c 'echo ...'` would count two.
        var bashStarts = Path.Combine(_root, "rank-bash-starts");
        var bashEnv = Path.Combine(_root, "rank-bash-env.sh");
        File.WriteAllText(bashEnv, $"echo started >> {bashStarts}\n");
        var site = await SiteAsync("mpi-builtin-site", new AppDefinition
        {
            Name = "Echo", CommandTemplate = "echo 'two  spaces' {{ word }}", EnvironmentVariables = new() { ["BASH_ENV"] = bashEnv },
        });
        var job = (await Jobs.CreateAsync([Spec(site, "Echo", "mpi/echo", new() { ["word"] = "\"end\"" },
            new JobResources { RanksPerNode = 2 })])).Single();

        await Launcher(site).RunAsync(CancellationToken.None);

        Assert.AreEqual(JobFinished, (await StatesAsync([job]))[job.Id].State);
        CollectionAssert.AreEqual(new[] { "two  spaces end", "two  spaces end" }, File.ReadAllLines(Path.Combine(site.Path, "data", "mpi/echo", "job.out")));
        Assert.IsFalse(File.Exists(bashStarts), "mpiexec started the echo program on each rank, as Balsam's ranks run the words after mpiexec");
    }

    [TestMethod]
    public async Task ANonZeroExitIsRunErrorWithTheCodeAndTheTailOfTheOutput()
    {
        var site = await SiteAsync("error-site", new AppDefinition { Name = "Fails", CommandTemplate = "echo about to fail; echo details >&2; exit {{ code }}" });
        var job = (await Jobs.CreateAsync([Spec(site, "Fails", "err/1", new() { ["code"] = "3" })])).Single();

        await Launcher(site).RunAsync(CancellationToken.None);

        var stored = (await StatesAsync([job]))[job.Id];
        Assert.AreEqual(RunError, stored.State);
        Assert.AreEqual(3, stored.ReturnCode);
        StringAssert.Contains(stored.StateData, "\"returncode\": 3");
        StringAssert.Contains(stored.StateData, "details");
    }

    [TestMethod]
    [DataRow(2000, 1, DisplayName = "held: one write")]
    [DataRow(0, 2, DisplayName = "not held: two writes")]
    public async Task AShortJobsStartAndEndReachTheStoreInOneWriteWhileTheRunningReportIsHeld(int holdMs, int writes)
    {
        var site = await SiteAsync($"hold-{holdMs}-site", new AppDefinition { Name = "Quick", CommandTemplate = "true" });
        var job = (await Jobs.CreateAsync([Spec(site, "Quick", "quick/1")])).Single();

        await Launcher(site, LauncherMode.Serial, runningReportHoldMs: holdMs).RunAsync(CancellationToken.None);

        Assert.AreEqual(JobFinished, (await StatesAsync([job]))[job.Id].State);
        var events = await Jobs.EventsAsync(new EventQuery { JobIds = [job.Id] });
        var running = events.Single(e => e.To == Running);
        Assert.IsTrue(running.Timestamp <= events.Single(e => e.To == RunDone).Timestamp, "RUNNING keeps the time the run started");
        // Rows written by one transaction share its id (xmin).
        var transactions = await Hosting.HostingFixtures.ScalarAsync(_silo.Options.ConnectionString!,
            $"SELECT count(DISTINCT xmin::text) FROM job_events WHERE job_id = {job.Id} AND to_state IN ('RUNNING', 'RUN_DONE')");
        Assert.AreEqual((long)writes, transactions);
    }

    [TestMethod]
    [DataRow(1500, DisplayName = "a window of 1.5 s")]
    [DataRow(0, DisplayName = "no window")]
    public async Task ReportsThatFollowWithinTheBatchWindowShareACommitWhileALoneReportGoesAtOnce(int windowMs)
    {
        var site = await SiteAsync($"batch-window-{windowMs}-site", new AppDefinition { Name = "Naps", CommandTemplate = "sleep {{ t }}" });
        // Seven jobs at once, ending 150 ms apart: without a window each end is a batch (and a commit) of its own.
        var packed = new JobResources { NodePackingCount = 8 };
        var jobs = await Jobs.CreateAsync([.. Enumerable.Range(0, 7).Select(i =>
            Spec(site, "Naps", $"window/{i}", new() { ["t"] = (i * 0.15).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture) }, packed))]);

        await Launcher(site, LauncherMode.Serial, reportBatchMs: windowMs).RunAsync(CancellationToken.None);

        var states = await StatesAsync(jobs);
        Assert.IsTrue(jobs.All(j => states[j.Id].State == JobFinished), "every job finished");
        var ids = string.Join(", ", jobs.Select(j => j.Id));
        var commits = (long)(await Hosting.HostingFixtures.ScalarAsync(_silo.Options.ConnectionString!,
            $"SELECT count(DISTINCT xmin::text) FROM job_events WHERE job_id IN ({ids}) AND to_state = 'RUN_DONE'"))!;
        if (windowMs == 0)
        {
            Assert.IsTrue(commits >= 5, $"without a window, 7 ends 150 ms apart were stored in only {commits} commits");
            return;
        }

        Assert.IsTrue(commits <= 3, $"7 ends within 1 s were stored in {commits} commits: they did not wait for the window");
        // The first end of the run went at once, not a window later.
        var first = (await Jobs.EventsAsync(new EventQuery { JobIds = [.. jobs.Select(j => j.Id)], ToState = RunDone })).MinBy(e => e.Timestamp)!;
        var commitLag = (long)(await Hosting.HostingFixtures.ScalarAsync(_silo.Options.ConnectionString!,
            $"SELECT (extract(epoch FROM (SELECT last_update FROM jobs WHERE id = {first.JobId}) - '{first.Timestamp:O}'::timestamptz) * 1000)::bigint"))!;
        Assert.IsTrue(commitLag < 1000, $"the first job's end was stored {commitLag} ms after the run ended, with a window of 1500 ms");
    }

    [TestMethod]
    public async Task ALongJobIsReportedRunningWhenItsHoldIsOverWhileItStillRuns()
    {
        var site = await SiteAsync("hold-long-site", new AppDefinition { Name = "Sleeps", CommandTemplate = "sleep 30" });
        var job = (await Jobs.CreateAsync([Spec(site, "Sleeps", "long/1")])).Single();
        using var stop = new CancellationTokenSource();
        var launcher = Launcher(site, LauncherMode.Serial, runningReportHoldMs: 300).RunAsync(stop.Token);
        try
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            while ((await StatesAsync([job]))[job.Id].State != Running)
            {
                Assert.IsTrue(clock.Elapsed < TimeSpan.FromSeconds(15), "the job was never reported RUNNING");
                await Task.Delay(50);
            }

            var running = (await Jobs.EventsAsync(new EventQuery { JobIds = [job.Id] })).Single(e => e.To == Running);
            var sinceStart = DateTimeOffset.UtcNow - running.Timestamp;
            Assert.IsTrue(sinceStart >= TimeSpan.FromMilliseconds(250), $"RUNNING was visible {sinceStart.TotalMilliseconds} ms after the start: not held");
            Assert.IsTrue(sinceStart < TimeSpan.FromSeconds(10), $"RUNNING was visible only {sinceStart.TotalMilliseconds} ms after the start");
        }
        finally
        {
            await stop.CancelAsync();
            await launcher;
        }
    }

    [TestMethod]
    public async Task AtWallTimeRunningJobsAreStoppedAndMarkedRunTimeout()
    {
        var site = await SiteAsync("timeout-site", new AppDefinition { Name = "Sleeps", CommandTemplate = "echo start; sleep 60; echo never" });
        var job = (await Jobs.CreateAsync([Spec(site, "Sleeps", "slow/1")])).Single();
        var clock = System.Diagnostics.Stopwatch.StartNew();

        await Launcher(site, wallTimeSec: 3).RunAsync(CancellationToken.None);

        Assert.IsTrue(clock.Elapsed < TimeSpan.FromSeconds(20), $"stopped after {clock.Elapsed}");
        var stored = (await StatesAsync([job]))[job.Id];
        Assert.AreEqual(RunTimeout, stored.State);
        Assert.IsNull(stored.SessionId, "the lease was released");
        var output = File.ReadAllText(Path.Combine(site.Path, "data", "slow/1", "job.out"));
        StringAssert.StartsWith(output, "start");
        Assert.DoesNotContain("never", output, "the process group was stopped");
    }

    [TestMethod]
    public async Task CancellingTheLauncherLikeSigtermLosesNoJob()
    {
        var site = await SiteAsync("sigterm-site", new AppDefinition { Name = "Sleeps", CommandTemplate = "sleep 60" });
        var jobs = await Jobs.CreateAsync([Spec(site, "Sleeps", "s/1"), Spec(site, "Sleeps", "s/2"), Spec(site, "Sleeps", "s/3")]);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(3));

        await Launcher(site).RunAsync(stop.Token);

        var states = await StatesAsync(jobs);
        Assert.IsTrue(states.Values.All(j => j.State is RunTimeout or Preprocessed), string.Join(", ", states.Values.Select(j => j.State)));
        Assert.IsTrue(states.Values.Any(j => j.State == RunTimeout), "the running ones timed out");
        Assert.IsTrue(states.Values.All(j => j.SessionId is null), "nothing stays leased to the closed session");
        var timeouts = await Jobs.EventsAsync(new EventQuery { JobIds = [.. jobs.Select(j => j.Id)], ToState = RunTimeout });
        Assert.IsNotEmpty(timeouts);
        Assert.IsTrue(timeouts.All(e => e.Data.Contains("The launcher stopped the job", StringComparison.Ordinal)),
            "the launcher reported its stopped runs before it closed its session (not the session's end timing them out): " +
            string.Join(" | ", timeouts.Select(e => e.Data)));
    }

    [TestMethod]
    public async Task TwoLaunchersOnOneSiteNeverRunAJobTwice()
    {
        var site = await SiteAsync("shared-site", new AppDefinition { Name = "Mark", CommandTemplate = "echo $BALSAM_JOB_ID >> ../../runs.txt" });
        var jobs = await Jobs.CreateAsync(Enumerable.Range(0, 24).Select(i => Spec(site, "Mark", $"many/{i}")).ToList());

        var counts = await Task.WhenAll(Launcher(site, LauncherMode.Serial).RunAsync(CancellationToken.None), Launcher(site).RunAsync(CancellationToken.None));

        Assert.AreEqual(24, counts.Sum());
        var runs = File.ReadAllLines(Path.Combine(site.Path, "data", "runs.txt")).Select(long.Parse).ToList();
        Assert.AreEqual(24, runs.Count);
        Assert.AreEqual(24, runs.Distinct().Count(), "each job ran exactly once");
        Assert.IsTrue((await StatesAsync(jobs)).Values.All(j => j.State == JobFinished));
    }

    [TestMethod]
    public async Task AnIdleLauncherWakesAtOnceWhenJobsArrive()
    {
        var site = await SiteAsync("push-site", new AppDefinition { Name = "Hello", CommandTemplate = "echo hi" });
        var launcher = new JobLauncherService(_client, new LauncherOptions
        {
            Mode = LauncherMode.Mpi, WallTime = TimeSpan.FromMinutes(1), SiteFolder = site.Path, SiteId = site.Id, IdleTtl = TimeSpan.FromSeconds(4),
        }, SiteSettings.Default with { Launcher = SiteSettings.Default.Launcher with { DelaySec = 30 } }, NullLogger.Instance);
        var run = launcher.RunAsync(CancellationToken.None);
        await Task.Delay(1500); // the launcher is idle, waiting up to its 30 s poll period

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var job = (await Jobs.CreateAsync([Spec(site, "Hello", "push/1")])).Single();
        while ((await StatesAsync([job]))[job.Id].State != JobFinished && clock.Elapsed < TimeSpan.FromSeconds(20))
        {
            await Task.Delay(50);
        }

        Assert.IsTrue(clock.Elapsed < TimeSpan.FromSeconds(5), $"the job finished {clock.ElapsedMilliseconds} ms after it was created, with a 30 s poll period");
        await run;
    }

    [TestMethod]
    public async Task SubNodeJobsArePackedAndEachGetsItsOwnGpus()
    {
        var site = await SiteAsync("gpu-site", new AppDefinition { Name = "Gpu", CommandTemplate = "echo $CUDA_VISIBLE_DEVICES; sleep 1" });
        var jobs = await Jobs.CreateAsync(Enumerable.Range(0, 4).Select(i => Spec(site, "Gpu", $"gpu/{i}",
            resources: new JobResources { NodePackingCount = 4, GpusPerRank = 1 })).ToList());
        var settings = SiteSettings.Default with
        {
            Launcher = SiteSettings.Default.Launcher with
            {
                DelaySec = 0.2,
                ComputeNode = new ComputeNodeSettings { Cpus = 8, Gpus = 4 }, // a fake node: the GPU ids are only handed out
            },
        };
        var launcher = new JobLauncherService(_client, new LauncherOptions
        {
            Mode = LauncherMode.Mpi, WallTime = TimeSpan.FromMinutes(1), SiteFolder = site.Path, SiteId = site.Id, IdleTtl = TimeSpan.FromSeconds(1),
        }, settings, NullLogger.Instance);

        var clock = System.Diagnostics.Stopwatch.StartNew();
        await launcher.RunAsync(CancellationToken.None);

        var gpus = jobs.Select(j => File.ReadAllText(Path.Combine(site.Path, "data", j.Workdir, "job.out")).Trim()).ToList();
        CollectionAssert.AreEquivalent(new[] { "0", "1", "2", "3" }, gpus, "four quarter-node jobs ran side by side, one GPU each");
        var running = await Jobs.EventsAsync(new EventQuery { JobIds = [.. jobs.Select(j => j.Id)], ToState = Running });
        Assert.IsTrue(running.Max(e => e.Timestamp) - running.Min(e => e.Timestamp) < TimeSpan.FromSeconds(1), "all four started together");
        Assert.IsTrue((await StatesAsync(jobs)).Values.All(j => j.State == JobFinished));
    }
}
