using Balsam.Apps;
using Balsam.BatchJobs;
using Balsam.Client;
using Balsam.Jobs;
using Balsam.Launcher.SiteAgent;
using Balsam.Launcher.SiteAgent.Scheduler;
using Balsam.Sites;
using Balsam.Tests.Integration.Cli;
using static Balsam.States.JobState;
using Balsam.States;

namespace Balsam.Tests.Integration.BatchJobs;

/// <summary>
/// Batch jobs on a site without a batch scheduler (platform linux): the site agent's scheduler service renders the
/// site's job template, runs it as a background process whose launcher runs the jobs, follows it to finished, and ends
/// it when asked, with its running jobs timed out and retried.
/// </summary>
[TestClass]
[DoNotParallelize]
public sealed class LocalBatchJobTests
{
    private static BatchJobWorld _world = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext _) => _world = await BatchJobWorld.StartAsync("localbatch");

    [ClassCleanup]
    public static async Task StopAsync() => await _world.DisposeAsync();

    private static BalsamClient Client => _world.Client;

    private static BalsamCliRunner Cli => _world.Cli;

    private static IJobServiceGrain Jobs => _world.Jobs;

    private static IBatchJobServiceGrain BatchJobs => _world.BatchJobs;

    private static Task<SiteInfo> InitSiteAsync(string name) => _world.InitSiteAsync(name, "linux");

    private static SiteAgentService Agent(SiteInfo site) => _world.Agent(site);

    private static BatchJobSpec OneNode(long siteId, int minutes = 5) => new()
    {
        SiteId = siteId, Project = "local", Queue = "local", NumNodes = 1, WallTimeMin = minutes, JobMode = JobMode.Mpi,
    };

    [TestMethod]
    public async Task ABatchJobRunsItsSitesJobsAndFinishesWhenItsLauncherIsIdle()
    {
        var site = await InitSiteAsync("runs");
        await Client.Apps.RegisterAsync(site.Id, new AppDefinition { Name = "Hello", CommandTemplate = "echo Hello, {{ say_hello_to }}!" });
        var job = (await Jobs.CreateAsync([new JobSpec { SiteId = site.Id, AppName = "Hello", Workdir = "hello", Parameters = new() { ["say_hello_to"] = "\"world\"" } }]))[0];
        using var stopAgent = new CancellationTokenSource();
        var agent = Agent(site).RunAsync(stopAgent.Token);
        try
        {
            var batchJob = await BatchJobs.CreateAsync(OneNode(site.Id));
            Assert.AreEqual(BatchJobState.PendingSubmission, batchJob.State);
            var grain = Client.Cluster.GetGrain<IBatchJobGrain>(batchJob.Id);

            await _world.WaitForAsync(async () => (await Jobs.QueryAsync(new JobQuery { Ids = [job.Id] }))[0].State == JobFinished,
                TimeSpan.FromSeconds(60), site.Id);
            Assert.AreEqual("Hello, world!", File.ReadAllText(Path.Combine(site.Path, "data", "hello", "job.out")).Trim());
            Assert.AreEqual(batchJob.Id, (await Jobs.QueryAsync(new JobQuery { Ids = [job.Id] }))[0].BatchJobId, "the job records the batch job it ran in");

            await _world.WaitForAsync(async () => (await grain.GetAsync()).State == BatchJobState.Finished, TimeSpan.FromSeconds(30), site.Id);
            var finished = await grain.GetAsync();
            Assert.IsNotNull(finished.SchedulerId, "the process id is the scheduler id");
            Assert.IsNotNull(finished.StartTime);
            Assert.IsNotNull(finished.EndTime);
            var script = finished.StatusInfo["submit_script"];
            Assert.AreEqual(Path.Combine(site.Path, "qsubmit", $"qlaunch{batchJob.Id:00000}.sh"), script);
            StringAssert.Contains(File.ReadAllText(script), $"--batch-job-id {batchJob.Id}", "the rendered script starts the launcher for this batch job");
            StringAssert.Contains(File.ReadAllText(script + ".output"), "Balsam launcher done", "the script ran to its end");

            var ranThere = await Client.Events.Where(schedulerId: finished.SchedulerId, toState: Running).ToListAsync();
            Assert.AreEqual(job.Id, ranThere.Single().JobId, "events filter by the scheduler's id of the batch job the job ran in");
            Assert.AreEqual(0L, await Client.Events.Where(schedulerId: finished.SchedulerId!.Value + 1_000_000).CountAsync());
        }
        finally
        {
            await stopAgent.CancelAsync();
            await agent;
        }
    }

    [TestMethod]
    public async Task QueueRmEndsARunningBatchJobAndItsRunningJobIsTimedOutAndRetried()
    {
        var site = await InitSiteAsync("ends");
        await Client.Apps.RegisterAsync(site.Id, new AppDefinition { Name = "Sleep", CommandTemplate = "sleep {{ seconds }}" });
        var job = (await Jobs.CreateAsync([new JobSpec { SiteId = site.Id, AppName = "Sleep", Workdir = "slow", Parameters = new() { ["seconds"] = "300" } }]))[0];
        using var stopAgent = new CancellationTokenSource();
        var agent = Agent(site).RunAsync(stopAgent.Token);
        try
        {
            var batchJob = await BatchJobs.CreateAsync(OneNode(site.Id));
            var grain = Client.Cluster.GetGrain<IBatchJobGrain>(batchJob.Id);
            await _world.WaitForAsync(async () => (await Jobs.QueryAsync(new JobQuery { Ids = [job.Id] }))[0].State == Running,
                TimeSpan.FromSeconds(60), site.Id);
            // The job can start before the scheduler service's next status poll records the batch job as running.
            await _world.WaitForAsync(async () => (await grain.GetAsync()).State == BatchJobState.Running, TimeSpan.FromSeconds(30), site.Id);

            var asked = await grain.RequestDeletionAsync();
            Assert.AreEqual(BatchJobState.PendingDeletion, asked.State);

            await _world.WaitForAsync(async () => (await grain.GetAsync()).State == BatchJobState.Finished, TimeSpan.FromSeconds(40), site.Id);
            await _world.WaitForAsync(async () => (await Jobs.QueryAsync(new JobQuery { Ids = [job.Id] }))[0].State == RestartReady,
                TimeSpan.FromSeconds(20), site.Id);
            var timedOut = await Jobs.EventsAsync(new EventQuery { JobIds = [job.Id], ToState = RunTimeout });
            Assert.AreEqual(1, timedOut.Count, "the running job was timed out, not lost");
        }
        finally
        {
            await stopAgent.CancelAsync();
            await agent;
        }
    }

    [TestMethod]
    public async Task ASubmissionTheSiteRefusesIsSubmitFailedWithTheReason()
    {
        var site = await InitSiteAsync("refuses");
        File.AppendAllText(Path.Combine(site.Path, "job-template.sh"), "echo {{ no_such_variable }}\n");
        using var stopAgent = new CancellationTokenSource();
        var agent = Agent(site).RunAsync(stopAgent.Token);
        try
        {
            var batchJob = await BatchJobs.CreateAsync(OneNode(site.Id));
            var grain = Client.Cluster.GetGrain<IBatchJobGrain>(batchJob.Id);
            await _world.WaitForAsync(async () => (await grain.GetAsync()).State == BatchJobState.SubmitFailed, TimeSpan.FromSeconds(30), site.Id);
            StringAssert.Contains((await grain.GetAsync()).StatusInfo["error"], "no_such_variable");

            var tooLong = await Assert.ThrowsExactlyAsync<Errors.BalsamValidationException>(() => BatchJobs.CreateAsync(OneNode(site.Id, minutes: 5000)));
            StringAssert.Contains(tooLong.Message, "wall_time_min");
            StringAssert.Contains(tooLong.Message, "1440");
        }
        finally
        {
            await stopAgent.CancelAsync();
            await agent;
        }
    }

    [TestMethod]
    public async Task ALauncherWithPartitionsRunsEachPartitionsJobsOnItsOwnNodes()
    {
        var site = await InitSiteAsync("parts");
        await Client.Apps.RegisterAsync(site.Id, new AppDefinition { Name = "Hello", CommandTemplate = "echo Hello, {{ say_hello_to }}!" });
        JobSpec Tagged(string kind) => new()
        {
            SiteId = site.Id, AppName = "Hello", Workdir = kind, Parameters = new() { ["say_hello_to"] = $"\"{kind}\"" }, Tags = new() { ["kind"] = kind },
        };
        var jobs = await Jobs.CreateAsync([Tagged("a"), Tagged("b"), Tagged("c")]);
        using var stopAgent = new CancellationTokenSource();
        var agent = Agent(site).RunAsync(stopAgent.Token);
        try
        {
            var hosts = $"localhost,{Environment.MachineName}";
            var run = (await Cli.RunProcessAsync(site.Path, "launcher", "-j", "mpi", "-t", "1", "--idle-ttl-sec", "2", "--hosts", hosts,
                "--part", "mpi:1:kind=a", "--part", "serial:1:kind=b")).Succeeded();
            StringAssert.Contains(run.Out, "Partition 1: mpi on localhost");
            StringAssert.Contains(run.Out, $"Partition 2: serial on {Environment.MachineName}");

            await _world.WaitForAsync(async () => (await Jobs.CountAsync(new JobQuery { SiteIds = [site.Id], States = [JobFinished] })) == 2,
                TimeSpan.FromSeconds(30), site.Id);
            Assert.AreEqual(Preprocessed, (await Jobs.QueryAsync(new JobQuery { Ids = [jobs[2].Id] }))[0].State, "no partition runs kind=c");
            var logs = Directory.GetFiles(Path.Combine(site.Path, "log"), "launcher_*.out").Order().ToArray();
            Assert.AreEqual(2, logs.Length);
            StringAssert.Contains(File.ReadAllText(logs[0]), $"Job {jobs[0].Id} starts on localhost");
            StringAssert.Contains(File.ReadAllText(logs[1]), $"Job {jobs[1].Id} starts on {Environment.MachineName}");
        }
        finally
        {
            await stopAgent.CancelAsync();
            await agent;
        }
    }

    [TestMethod]
    public async Task SerialModeOnTwoNodesRunsAWorkerPerNodeThroughMpiAndEachRunsJobsLocally()
    {
        var site = await InitSiteAsync("serial-nodes");
        var settings = Path.Combine(site.Path, "settings.yml");
        // A worker keeps this many jobs ready beyond what it runs: 1, so that 8 short jobs spread over both workers.
        File.WriteAllText(settings, File.ReadAllText(settings).Replace("serial_mode_prefetch_per_rank: 64", "serial_mode_prefetch_per_rank: 1"));
        await Client.Apps.RegisterAsync(site.Id, new AppDefinition { Name = "Nap", CommandTemplate = "sleep 0.5 && echo napped {{ i }}" });
        var jobs = await Jobs.CreateAsync(Enumerable.Range(0, 8).Select(i => new JobSpec
        {
            SiteId = site.Id, AppName = "Nap", Workdir = $"nap/{i}", Parameters = new() { ["i"] = $"{i}" },
        }).ToList());
        using var stopAgent = new CancellationTokenSource();
        var agent = Agent(site).RunAsync(stopAgent.Token);
        try
        {
            await _world.WaitForAsync(async () => (await Jobs.CountAsync(new JobQuery { SiteIds = [site.Id], States = [Preprocessed] })) == 8,
                TimeSpan.FromSeconds(20), site.Id);
            var run = (await Cli.RunProcessAsync(site.Path, "launcher", "-j", "serial", "-t", "1", "--idle-ttl-sec", "2",
                "--hosts", $"localhost,{Environment.MachineName}")).Succeeded();
            StringAssert.Contains(run.Out, "Serial mode on 2 nodes: one worker per node: ");
            StringAssert.Contains(run.Out, "mpiexec");

            await _world.WaitForAsync(async () => (await Jobs.CountAsync(new JobQuery { SiteIds = [site.Id], States = [JobFinished] })) == 8,
                TimeSpan.FromSeconds(30), site.Id);
            var starts = run.Out.Split('\n').Where(l => l.Contains(" starts on ", StringComparison.Ordinal)).ToList();
            Assert.AreEqual(8, starts.Count, run.Out);
            Assert.IsTrue(starts.Any(l => l.Contains("balsam.worker0", StringComparison.Ordinal)), "worker 0 ran jobs:\n" + run.Out);
            Assert.IsTrue(starts.Any(l => l.Contains("balsam.worker1", StringComparison.Ordinal)), "worker 1 ran jobs:\n" + run.Out);
            Assert.IsTrue(starts.All(l => l.Contains($"starts on {Environment.MachineName}: ", StringComparison.Ordinal)), "each worker runs on its own node");
            Assert.AreEqual("napped 3", File.ReadAllText(Path.Combine(site.Path, "data", "nap/3", "job.out")).Trim());
        }
        finally
        {
            await stopAgent.CancelAsync();
            await agent;
        }
    }

    [TestMethod]
    public async Task ASubmissionCutShortByTheAgentIsFailedWithAMessageNotSubmittedTwice()
    {
        var site = await InitSiteAsync("cut-short");
        var settings = Balsam.Launcher.Settings.SettingsLoader.LoadFromSite(site.Path);
        var scheduler = new Balsam.Launcher.Scheduling.Local.LocalScheduler(Path.Combine(site.Path, "qsubmit"));
        var service = new SchedulerService(Client, site.Id, site.Path, settings, scheduler, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance)
        {
            BalsamCommand = ["/bin/true"],
        };

        var interrupted = await BatchJobs.CreateAsync(OneNode(site.Id));
        var grain = Client.Cluster.GetGrain<IBatchJobGrain>(interrupted.Id);
        await grain.UpdateAsync(new BatchJobPatch
        {
            ExpectedState = BatchJobState.PendingSubmission,
            StatusInfo = new() { [BatchJobLifecycle.SubmittingKey] = "2026-11-30T00:00:00Z" }, // an agent died here
        });
        var removedFirst = await BatchJobs.CreateAsync(OneNode(site.Id));
        Assert.AreEqual(BatchJobState.Finished, (await Client.Cluster.GetGrain<IBatchJobGrain>(removedFirst.Id).RequestDeletionAsync()).State);

        await service.SyncOnceAsync(CancellationToken.None);

        var failed = await grain.GetAsync();
        Assert.AreEqual(BatchJobState.SubmitFailed, failed.State);
        Assert.IsNull(failed.SchedulerId, "not submitted a second time");
        StringAssert.Contains(failed.StatusInfo["error"], "the site agent stopped while submitting it");
        Assert.AreEqual(0, Directory.GetFiles(Path.Combine(site.Path, "qsubmit"), "*.pid").Length, "nothing was started");
    }

    [TestMethod]
    public async Task AFailingSchedulerServiceShowsInSiteLsWhileTheSiteStaysActive()
    {
        var site = await _world.InitSiteAsync("no-qstat", "linux", text => text.Replace("scheduler_class: local", "scheduler_class: pbs"));
        using var stopAgent = new CancellationTokenSource();
        var agent = Agent(site).RunAsync(stopAgent.Token);
        try
        {
            await _world.WaitForAsync(async () => (await Client.Sites.GetAsync(site.Id)).ServiceProblems(DateTimeOffset.UtcNow).Count > 0,
                TimeSpan.FromSeconds(20), site.Id);
            var listed = (await Cli.RunAsync(_world.Root, "site", "ls")).Succeeded();
            var row = listed.Out.Split('\n').First(l => l.Contains(" no-qstat ", StringComparison.Ordinal));
            StringAssert.Contains(row, " yes ", "the agent is alive");
            StringAssert.Contains(listed.Out, "scheduler failing since");
            StringAssert.Contains(listed.Out, "qstat");
            var verbose = (await Cli.RunAsync(_world.Root, "site", "ls", "-v")).Succeeded();
            StringAssert.Contains(verbose.Out, "processing: ok");
        }
        finally
        {
            await stopAgent.CancelAsync();
            await agent;
        }
    }
}
