using Balsam.Apps;
using Balsam.BatchJobs;
using Balsam.Client;
using Balsam.Jobs;
using Balsam.Launcher.SiteAgent;
using Balsam.Sites;
using Balsam.Tests.Integration.Cli;
using Balsam.Tests.Integration.Infrastructure;
using Balsam.Tests.Integration.Scheduling;
using Microsoft.Extensions.Logging.Abstractions;
using static Balsam.States.JobState;

namespace Balsam.Tests.Integration.BatchJobs;

/// <summary>
/// A Slurm site against the real single-node Slurm of <see cref="TestSlurm"/> (partition debug): batch jobs are
/// submitted with sbatch and run their jobs, a refusal carries sbatch's own words, and the elastic queue submits batch
/// jobs for a backlog until it drains, then no more.
/// </summary>
[TestClass]
[DoNotParallelize]
public sealed class SlurmBatchJobTests
{
    private static CliTestSilo _silo = null!;
    private static BalsamClient _client = null!;
    private static BalsamCliRunner _cli = null!;
    private static string _root = null!;
    private static SlurmEnvironmentRunner _slurm = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext _)
    {
        _slurm = new SlurmEnvironmentRunner(await TestSlurm.EnvironmentAsync());
        _silo = await CliTestSilo.StartAsync("slurmbatch");
        _client = await _silo.ConnectAsync();
        _root = Directory.CreateTempSubdirectory("balsam-slurmbatch-").FullName;
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

    /// <summary>A slurm-platform site from `balsam site init`, with project balsam, partition debug, and quick periods.</summary>
    private static async Task<SiteInfo> InitSiteAsync(string name, string extraSettings = "")
    {
        (await _cli.RunAsync(_root, "site", "init", name, "--platform", "slurm")).Succeeded();
        var folder = Path.Combine(_root, name);
        var settings = Path.Combine(folder, "settings.yml");
        var text = File.ReadAllText(settings)
            .Replace("idle_ttl_sec: 60", "idle_ttl_sec: 2")
            .Replace("sync_period: 10", "sync_period: 1")
            .Replace("delay_sec: 1", "delay_sec: 0.2")
            .Replace("allowed_projects: []", "allowed_projects: [balsam]")
            .Replace("  allowed_queues:\n", "  allowed_queues:\n    nosuchpartition:\n      max_nodes: 1\n      max_walltime: 60\n      max_queued_jobs: 5\n");
        if (extraSettings.Length > 0)
        {
            text = text.Replace("elastic_queue: null\n", extraSettings);
        }

        File.WriteAllText(settings, text);
        (await _cli.RunAsync(folder, "site", "sync")).Succeeded();
        var site = (await _client.Sites.ListAsync()).Single(s => s.Path == folder);
        await _client.Apps.RegisterAsync(site.Id, new AppDefinition { Name = "Hello", CommandTemplate = "echo Hello, {{ say_hello_to }}!" });
        return site;
    }

    private static SiteAgentService Agent(SiteInfo site) => new(_client, site.Id, NullLogger.Instance)
    {
        BalsamCommand = [BalsamCliRunner.DotnetHost(), BalsamCliRunner.FindLauncherAssembly()],
        CommandRunner = _slurm,
    };

    private static Task<IReadOnlyList<JobRecord>> CreateHelloJobsAsync(SiteInfo site, int count) =>
        Jobs.CreateAsync(Enumerable.Range(0, count).Select(i => new JobSpec
        {
            SiteId = site.Id, AppName = "Hello", Workdir = $"hello{i}", Parameters = new() { ["say_hello_to"] = $"\"slurm {i}\"" },
        }).ToList());

    private static async Task WaitForAsync(Func<Task<bool>> condition, TimeSpan limit, long siteId)
    {
        var deadline = DateTime.UtcNow + limit;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                var jobs = await Jobs.QueryAsync(new JobQuery { SiteIds = [siteId] });
                var batchJobs = await BatchJobs.QueryAsync(new BatchJobQuery { SiteIds = [siteId] });
                Assert.Fail("timed out waiting: " + string.Join("; ", jobs.Select(j => $"{j.Workdir}={j.State}")) + " | " +
                    string.Join("; ", batchJobs.Select(b => $"batch job {b.Id}={b.State.Name()} {string.Join(",", b.StatusInfo.Select(p => $"{p.Key}={p.Value}"))}"
                        + (b.StatusInfo.TryGetValue("submit_script", out var script) && File.Exists(script + ".error") ? " stderr: " + File.ReadAllText(script + ".error") : ""))));
            }

            await Task.Delay(200);
        }
    }

    private static async Task<bool> AllFinishedAsync(long siteId) =>
        (await Jobs.CountAsync(new JobQuery { SiteIds = [siteId], States = [JobFinished] })) == (await Jobs.CountAsync(new JobQuery { SiteIds = [siteId] }));

    [TestMethod]
    public async Task ASlurmBatchJobRunsTheJobsAndFollowsSlurmToTheEnd()
    {
        var site = await InitSiteAsync("slurm-runs");
        var jobs = await CreateHelloJobsAsync(site, 2);
        using var stop = new CancellationTokenSource();
        var agent = Agent(site).RunAsync(stop.Token);
        try
        {
            var batchJob = await BatchJobs.CreateAsync(new BatchJobSpec
            {
                SiteId = site.Id, Project = "balsam", Queue = "debug", NumNodes = 1, WallTimeMin = 10, JobMode = JobMode.Mpi,
            });
            var grain = _client.Cluster.GetGrain<IBatchJobGrain>(batchJob.Id);
            await WaitForAsync(() => AllFinishedAsync(site.Id), TimeSpan.FromSeconds(90), site.Id);
            Assert.AreEqual("Hello, slurm 1!", File.ReadAllText(Path.Combine(site.Path, "data", "hello1", "job.out")).Trim());
            Assert.IsTrue((await Jobs.QueryAsync(new JobQuery { SiteIds = [site.Id] })).All(j => j.BatchJobId == batchJob.Id));

            await WaitForAsync(async () => (await grain.GetAsync()).State == BatchJobState.Finished, TimeSpan.FromSeconds(60), site.Id);
            var finished = await grain.GetAsync();
            Assert.IsNotNull(finished.SchedulerId, "sbatch's job id");
            Assert.IsNotNull(finished.StartTime, "start time from Slurm");
            Assert.IsNotNull(finished.EndTime, "end time from Slurm");
            StringAssert.Contains(File.ReadAllText(finished.StatusInfo["submit_script"]), "#SBATCH --partition=debug");
        }
        finally
        {
            await stop.CancelAsync();
            await agent;
        }
    }

    [TestMethod]
    public async Task ASubmissionSlurmRefusesIsSubmitFailedWithSbatchsOwnMessage()
    {
        var site = await InitSiteAsync("slurm-refuses");
        using var stop = new CancellationTokenSource();
        var agent = Agent(site).RunAsync(stop.Token);
        try
        {
            var batchJob = await BatchJobs.CreateAsync(new BatchJobSpec
            {
                SiteId = site.Id, Project = "balsam", Queue = "nosuchpartition", NumNodes = 1, WallTimeMin = 5, JobMode = JobMode.Mpi,
            });
            var grain = _client.Cluster.GetGrain<IBatchJobGrain>(batchJob.Id);
            await WaitForAsync(async () => (await grain.GetAsync()).State == BatchJobState.SubmitFailed, TimeSpan.FromSeconds(30), site.Id);
            var error = (await grain.GetAsync()).StatusInfo["error"];
            StringAssert.Contains(error, "slurm refused the submission");
            StringAssert.Contains(error, "invalid partition", "sbatch's own words reach the user");
        }
        finally
        {
            await stop.CancelAsync();
            await agent;
        }
    }

    [TestMethod]
    public async Task TheElasticQueueSubmitsForABacklogUntilItDrainsThenSubmitsNoMore()
    {
        const string elastic = """
            elastic_queue:
              submit_project: balsam
              submit_queue: debug
              max_num_nodes: 1
              min_num_nodes: 1
              job_mode: mpi
              use_backfill: true
              min_wall_time_min: 5
              max_wall_time_min: 10
              wall_time_pad_min: 1
              max_queue_wait_time_min: 10
              max_queued_jobs: 1
              service_period: 1

            """;
        var site = await InitSiteAsync("slurm-elastic", elastic);
        using var stop = new CancellationTokenSource();
        var agent = Agent(site).RunAsync(stop.Token);
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(3));
            Assert.AreEqual(0, await BatchJobs.CountAsync(new BatchJobQuery { SiteIds = [site.Id] }), "no backlog, no batch job");

            await CreateHelloJobsAsync(site, 8);
            await WaitForAsync(() => AllFinishedAsync(site.Id), TimeSpan.FromSeconds(120), site.Id);
            var submitted = await BatchJobs.QueryAsync(new BatchJobQuery { SiteIds = [site.Id] });
            Assert.IsTrue(submitted.Count >= 1);
            var first = submitted[0];
            Assert.AreEqual(1, first.NumNodes);
            Assert.AreEqual(9, first.WallTimeMin, "the backfill window (capped at max_wall_time_min 10) less the 1 min pad");
            Assert.IsNotNull(first.SchedulerId, "submitted to Slurm");

            await WaitForAsync(async () => (await BatchJobs.CountAsync(new BatchJobQuery { SiteIds = [site.Id], States = [.. BatchJobStateNames.Active] })) == 0,
                TimeSpan.FromSeconds(60), site.Id);
            var afterDrain = await BatchJobs.CountAsync(new BatchJobQuery { SiteIds = [site.Id] });
            await Task.Delay(TimeSpan.FromSeconds(4));
            Assert.AreEqual(afterDrain, await BatchJobs.CountAsync(new BatchJobQuery { SiteIds = [site.Id] }), "a drained backlog gets no more batch jobs");
        }
        finally
        {
            await stop.CancelAsync();
            await agent;
        }
    }
}
