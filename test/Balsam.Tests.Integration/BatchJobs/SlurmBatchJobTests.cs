using Balsam.Apps;
using Balsam.BatchJobs;
using Balsam.Jobs;
using Balsam.Launcher.SiteAgent;
using Balsam.Sites;
using Balsam.Tests.Integration.Infrastructure;
using Balsam.Tests.Integration.Scheduling;
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
    private static BatchJobWorld _world = null!;
    private static SlurmEnvironmentRunner _slurm = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext _)
    {
        _slurm = new SlurmEnvironmentRunner(await TestSlurm.EnvironmentAsync());
        _world = await BatchJobWorld.StartAsync("slurmbatch");
    }

    [ClassCleanup]
    public static async Task StopAsync() => await _world.DisposeAsync();

    private static IJobServiceGrain Jobs => _world.Jobs;

    private static IBatchJobServiceGrain BatchJobs => _world.BatchJobs;

    /// <summary>A slurm-platform site with project balsam, partitions debug and nosuchpartition allowed, and the Hello app.</summary>
    private static async Task<SiteInfo> InitSiteAsync(string name, string elasticQueue = "")
    {
        var site = await _world.InitSiteAsync(name, "slurm", text =>
        {
            text = text
                .Replace("allowed_projects: []", "allowed_projects: [balsam]")
                .Replace("  allowed_queues:\n", "  allowed_queues:\n    nosuchpartition:\n      max_nodes: 1\n      max_walltime: 60\n      max_queued_jobs: 5\n");
            return elasticQueue.Length > 0 ? text.Replace("elastic_queue: null\n", elasticQueue) : text;
        });
        await _world.Client.Apps.RegisterAsync(site.Id, new AppDefinition { Name = "Hello", CommandTemplate = "echo Hello, {{ say_hello_to }}!" });
        return site;
    }

    private static SiteAgentService Agent(SiteInfo site) => _world.Agent(site, _slurm);

    private static Task<IReadOnlyList<JobRecord>> CreateHelloJobsAsync(SiteInfo site, int count) =>
        Jobs.CreateAsync(Enumerable.Range(0, count).Select(i => new JobSpec
        {
            SiteId = site.Id, AppName = "Hello", Workdir = $"hello{i}", Parameters = new() { ["say_hello_to"] = $"\"slurm {i}\"" },
        }).ToList());

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
            var grain = _world.Client.Cluster.GetGrain<IBatchJobGrain>(batchJob.Id);
            await _world.WaitForAsync(() => AllFinishedAsync(site.Id), TimeSpan.FromSeconds(90), site.Id);
            Assert.AreEqual("Hello, slurm 1!", File.ReadAllText(Path.Combine(site.Path, "data", "hello1", "job.out")).Trim());
            Assert.IsTrue((await Jobs.QueryAsync(new JobQuery { SiteIds = [site.Id] })).All(j => j.BatchJobId == batchJob.Id));

            await _world.WaitForAsync(async () => (await grain.GetAsync()).State == BatchJobState.Finished, TimeSpan.FromSeconds(60), site.Id);
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
            var grain = _world.Client.Cluster.GetGrain<IBatchJobGrain>(batchJob.Id);
            await _world.WaitForAsync(async () => (await grain.GetAsync()).State == BatchJobState.SubmitFailed, TimeSpan.FromSeconds(30), site.Id);
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
            await _world.WaitForAsync(() => AllFinishedAsync(site.Id), TimeSpan.FromSeconds(120), site.Id);
            var submitted = await BatchJobs.QueryAsync(new BatchJobQuery { SiteIds = [site.Id] });
            Assert.IsTrue(submitted.Count >= 1);
            var first = submitted[0];
            Assert.AreEqual(1, first.NumNodes);
            Assert.AreEqual(9, first.WallTimeMin, "the backfill window (capped at max_wall_time_min 10) less the 1 min pad");
            Assert.IsNotNull(first.SchedulerId, "submitted to Slurm");

            await _world.WaitForAsync(async () => (await BatchJobs.CountAsync(new BatchJobQuery { SiteIds = [site.Id], States = [.. BatchJobStateNames.Active] })) == 0,
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
