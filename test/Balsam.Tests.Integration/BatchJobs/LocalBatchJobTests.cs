using Balsam.Apps;
using Balsam.BatchJobs;
using Balsam.Client;
using Balsam.Jobs;
using Balsam.Launcher.SiteAgent;
using Balsam.Sites;
using Balsam.Tests.Integration.Cli;
using Microsoft.Extensions.Logging.Abstractions;
using static Balsam.States.JobState;

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
    private static CliTestSilo _silo = null!;
    private static BalsamClient _client = null!;
    private static BalsamCliRunner _cli = null!;
    private static string _root = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext _)
    {
        _silo = await CliTestSilo.StartAsync("localbatch");
        _client = await _silo.ConnectAsync();
        _root = Directory.CreateTempSubdirectory("balsam-localbatch-").FullName;
        _cli = new BalsamCliRunner(_silo, Path.Combine(_root, "home"));
    }

    [ClassCleanup]
    public static async Task StopAsync()
    {
        await _client.DisposeAsync();
        await _silo.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    private static IJobServiceGrain Jobs => _client.Cluster.GetGrain<IJobServiceGrain>(0);

    private static IBatchJobServiceGrain BatchJobs => _client.Cluster.GetGrain<IBatchJobServiceGrain>(0);

    /// <summary>A linux-platform site made by `balsam site init`, tuned to react within a second or two.</summary>
    private static async Task<SiteInfo> InitSiteAsync(string name)
    {
        (await _cli.RunAsync(_root, "site", "init", name, "--platform", "linux")).Succeeded();
        var folder = Path.Combine(_root, name);
        var settings = Path.Combine(folder, "settings.yml");
        File.WriteAllText(settings, File.ReadAllText(settings)
            .Replace("idle_ttl_sec: 60", "idle_ttl_sec: 2")
            .Replace("sync_period: 10", "sync_period: 1")
            .Replace("delay_sec: 1", "delay_sec: 0.2"));
        return (await _client.Sites.ListAsync()).Single(s => s.Path == folder);
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition, TimeSpan limit, Func<Task<string>> describe)
    {
        var deadline = DateTime.UtcNow + limit;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail("timed out waiting: " + await describe());
            }

            await Task.Delay(100);
        }
    }

    private static async Task<string> DescribeAsync(long siteId) =>
        string.Join("; ", (await Jobs.QueryAsync(new JobQuery { SiteIds = [siteId] })).Select(j => $"job {j.Workdir}={j.State} {j.StateData}"))
        + " | " + string.Join("; ", (await BatchJobs.QueryAsync(new BatchJobQuery { SiteIds = [siteId] }))
            .Select(b => $"batch job {b.Id}={b.State.Name()} {string.Join(",", b.StatusInfo.Select(p => $"{p.Key}={p.Value}"))}"
                + (b.StatusInfo.TryGetValue("submit_script", out var script) && File.Exists(script + ".output")
                    ? " output: " + File.ReadAllText(script + ".output") : "")));

    private static SiteAgentService Agent(SiteInfo site) =>
        new(_client, site.Id, NullLogger.Instance) { BalsamCommand = [BalsamCliRunner.DotnetHost(), BalsamCliRunner.FindLauncherAssembly()] };

    private static BatchJobSpec OneNode(long siteId, int minutes = 5) => new()
    {
        SiteId = siteId, Project = "local", Queue = "local", NumNodes = 1, WallTimeMin = minutes, JobMode = JobMode.Mpi,
    };

    [TestMethod]
    public async Task ABatchJobRunsItsSitesJobsAndFinishesWhenItsLauncherIsIdle()
    {
        var site = await InitSiteAsync("runs");
        await _client.Apps.RegisterAsync(site.Id, new AppDefinition { Name = "Hello", CommandTemplate = "echo Hello, {{ say_hello_to }}!" });
        var job = (await Jobs.CreateAsync([new JobSpec { SiteId = site.Id, AppName = "Hello", Workdir = "hello", Parameters = new() { ["say_hello_to"] = "\"world\"" } }]))[0];
        using var stopAgent = new CancellationTokenSource();
        var agent = Agent(site).RunAsync(stopAgent.Token);
        try
        {
            var batchJob = await BatchJobs.CreateAsync(OneNode(site.Id));
            Assert.AreEqual(BatchJobState.PendingSubmission, batchJob.State);
            var grain = _client.Cluster.GetGrain<IBatchJobGrain>(batchJob.Id);

            await WaitForAsync(async () => (await Jobs.QueryAsync(new JobQuery { Ids = [job.Id] }))[0].State == JobFinished,
                TimeSpan.FromSeconds(60), () => DescribeAsync(site.Id));
            Assert.AreEqual("Hello, world!", File.ReadAllText(Path.Combine(site.Path, "data", "hello", "job.out")).Trim());
            Assert.AreEqual(batchJob.Id, (await Jobs.QueryAsync(new JobQuery { Ids = [job.Id] }))[0].BatchJobId, "the job records the batch job it ran in");

            await WaitForAsync(async () => (await grain.GetAsync()).State == BatchJobState.Finished, TimeSpan.FromSeconds(30), () => DescribeAsync(site.Id));
            var finished = await grain.GetAsync();
            Assert.IsNotNull(finished.SchedulerId, "the process id is the scheduler id");
            Assert.IsNotNull(finished.StartTime);
            Assert.IsNotNull(finished.EndTime);
            var script = finished.StatusInfo["submit_script"];
            Assert.AreEqual(Path.Combine(site.Path, "qsubmit", $"qlaunch{batchJob.Id:00000}.sh"), script);
            StringAssert.Contains(File.ReadAllText(script), $"--batch-job-id {batchJob.Id}", "the rendered script starts the launcher for this batch job");
            StringAssert.Contains(File.ReadAllText(script + ".output"), "Balsam launcher done", "the script ran to its end");
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
        await _client.Apps.RegisterAsync(site.Id, new AppDefinition { Name = "Sleep", CommandTemplate = "sleep {{ seconds }}" });
        var job = (await Jobs.CreateAsync([new JobSpec { SiteId = site.Id, AppName = "Sleep", Workdir = "slow", Parameters = new() { ["seconds"] = "300" } }]))[0];
        using var stopAgent = new CancellationTokenSource();
        var agent = Agent(site).RunAsync(stopAgent.Token);
        try
        {
            var batchJob = await BatchJobs.CreateAsync(OneNode(site.Id));
            var grain = _client.Cluster.GetGrain<IBatchJobGrain>(batchJob.Id);
            await WaitForAsync(async () => (await Jobs.QueryAsync(new JobQuery { Ids = [job.Id] }))[0].State == Running,
                TimeSpan.FromSeconds(60), () => DescribeAsync(site.Id));
            Assert.AreEqual(BatchJobState.Running, (await grain.GetAsync()).State, "the scheduler service saw the process run");

            var asked = await grain.RequestDeletionAsync();
            Assert.AreEqual(BatchJobState.PendingDeletion, asked.State);

            await WaitForAsync(async () => (await grain.GetAsync()).State == BatchJobState.Finished, TimeSpan.FromSeconds(40), () => DescribeAsync(site.Id));
            await WaitForAsync(async () => (await Jobs.QueryAsync(new JobQuery { Ids = [job.Id] }))[0].State == RestartReady,
                TimeSpan.FromSeconds(20), () => DescribeAsync(site.Id));
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
            var grain = _client.Cluster.GetGrain<IBatchJobGrain>(batchJob.Id);
            await WaitForAsync(async () => (await grain.GetAsync()).State == BatchJobState.SubmitFailed, TimeSpan.FromSeconds(30), () => DescribeAsync(site.Id));
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
        await _client.Apps.RegisterAsync(site.Id, new AppDefinition { Name = "Hello", CommandTemplate = "echo Hello, {{ say_hello_to }}!" });
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
            var run = (await _cli.RunProcessAsync(site.Path, "launcher", "-j", "mpi", "-t", "1", "--idle-ttl-sec", "2", "--hosts", hosts,
                "--part", "mpi:1:kind=a", "--part", "serial:1:kind=b")).Succeeded();
            StringAssert.Contains(run.Out, "Partition 1: mpi on localhost");
            StringAssert.Contains(run.Out, $"Partition 2: serial on {Environment.MachineName}");

            await WaitForAsync(async () => (await Jobs.CountAsync(new JobQuery { SiteIds = [site.Id], States = [JobFinished] })) == 2,
                TimeSpan.FromSeconds(30), () => DescribeAsync(site.Id));
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
        await _client.Apps.RegisterAsync(site.Id, new AppDefinition { Name = "Nap", CommandTemplate = "sleep 0.5 && echo napped {{ i }}" });
        var jobs = await Jobs.CreateAsync(Enumerable.Range(0, 8).Select(i => new JobSpec
        {
            SiteId = site.Id, AppName = "Nap", Workdir = $"nap/{i}", Parameters = new() { ["i"] = $"{i}" },
        }).ToList());
        using var stopAgent = new CancellationTokenSource();
        var agent = Agent(site).RunAsync(stopAgent.Token);
        try
        {
            await WaitForAsync(async () => (await Jobs.CountAsync(new JobQuery { SiteIds = [site.Id], States = [Preprocessed] })) == 8,
                TimeSpan.FromSeconds(20), () => DescribeAsync(site.Id));
            var run = (await _cli.RunProcessAsync(site.Path, "launcher", "-j", "serial", "-t", "1", "--idle-ttl-sec", "2",
                "--hosts", $"localhost,{Environment.MachineName}")).Succeeded();
            StringAssert.Contains(run.Out, "Serial mode on 2 nodes: one worker per node: ");
            StringAssert.Contains(run.Out, "mpiexec");

            await WaitForAsync(async () => (await Jobs.CountAsync(new JobQuery { SiteIds = [site.Id], States = [JobFinished] })) == 8,
                TimeSpan.FromSeconds(30), () => DescribeAsync(site.Id));
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
}
