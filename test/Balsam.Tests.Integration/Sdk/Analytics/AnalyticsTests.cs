using Balsam.BatchJobs;
using Balsam.Client;
using Balsam.Client.BatchJobs;
using Balsam.Client.Jobs;
using Balsam.States;
using Balsam.Tests.Integration.Sdk.Apps;
using Balsam.Tests.Integration.Sdk.BatchJobs;

namespace Balsam.Tests.Integration.Sdk.Analytics;

/// <summary>
/// <c>balsam.Analytics</c> over jobs that really ran through the job grains (acquired, RUNNING, returned, finished) and
/// batch jobs the test's scheduler service started and ended.
/// </summary>
[TestClass]
public sealed class AnalyticsTests
{
    private static SdkWorld _world = null!;

    private static BalsamClient Balsam => _world.Client;

    [ClassInitialize]
    public static async Task StartAsync(TestContext _)
    {
        _world = await SdkWorld.StartAsync("sdkanalytics");
        await Balsam.Apps.SyncAsync<Adder>();
        await BatchJobSites.AllowBatchJobsAsync(Balsam, _world.Site.Id);
    }

    [ClassCleanup]
    public static async Task StopAsync() => await _world.DisposeAsync();

    [TestMethod]
    public async Task ThroughputAndUtilizationFollowJobsThatRanAndFinished()
    {
        const string tag = "analytics-run";
        var jobs = await Balsam.Jobs.BulkCreateAsync(Enumerable.Range(0, 4).Select(i => Balsam.Jobs.New<Adder>($"analytics/{i}", new { x = i, y = 1 },
            new JobOptions { Tags = { ["test"] = tag }, NumNodes = i == 0 ? 4 : 1, NodePackingCount = i == 0 ? 1 : 2 })));
        await using var launcher = await _world.LauncherAsync(tag);
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        await launcher.StartAsync(jobs[0], jobs[1], jobs[2]);
        await launcher.ReturnAsync(jobs[0], 1);
        await launcher.ReturnAsync(jobs[1], 2);

        var events = Balsam.Events.Where(tags: new() { ["test"] = tag });
        var finished = await Balsam.Analytics.ThroughputAsync(events);
        CollectionAssert.AreEqual(new[] { 1.0, 2.0 }, finished.Values.ToArray(), "two jobs reached JOB_FINISHED");
        Assert.IsGreaterThanOrEqualTo(before, finished.Times[0]);
        Assert.IsLessThanOrEqualTo(finished.Times[1], finished.Times[0]);

        var ran = await Balsam.Analytics.ThroughputAsync(events, JobState.Running);
        Assert.AreEqual(3, ran.LastValue, "three jobs entered RUNNING");

        var running = await Balsam.Analytics.UtilizationAsync(events);
        CollectionAssert.AreEqual(new[] { 1.0, 2.0, 3.0, 2.0, 1.0 }, running.Values.ToArray(), "up as each starts, down as each returns");
        Assert.AreEqual(3, running.PeakValue);
        Assert.IsTrue(running.Times.Zip(running.Times.Skip(1)).All(pair => pair.First <= pair.Second), "in time order");

        var nodes = await Balsam.Analytics.UtilizationAsync(events, nodeWeighting: true);
        CollectionAssert.AreEqual(new[] { 4.0, 4.5, 5.0, 1.0, 0.5 }, nodes.Values.ToArray(), "4 nodes, then two half-nodes (packing 2)");
    }

    [TestMethod]
    public async Task AvailableNodesCountsTheBatchJobsThatStartedAndEnded()
    {
        const string tag = "analytics-nodes";
        var twoNodes = await CreateBatchJobAsync(tag, 2);
        var threeNodes = await CreateBatchJobAsync(tag, 3);
        var neverStarted = await CreateBatchJobAsync(tag, 8);
        await SiteReportsAsync(twoNodes, BatchJobPatch.ToState(BatchJobState.Running));
        await SiteReportsAsync(threeNodes, BatchJobPatch.ToState(BatchJobState.Running));
        await SiteReportsAsync(twoNodes, BatchJobPatch.ToState(BatchJobState.Finished));
        await SiteReportsAsync(threeNodes, BatchJobPatch.ToState(BatchJobState.Finished));

        var held = await Balsam.Analytics.AvailableNodesAsync(Balsam.BatchJobs.Where(filterTags: new() { ["test"] = tag }));

        CollectionAssert.AreEqual(new[] { 2.0, 5.0, 3.0, 0.0 }, held.Values.ToArray(), $"batch job {neverStarted.Id} never started");
        Assert.AreEqual(5, held.PeakValue);
    }

    private static Task<BatchJob> CreateBatchJobAsync(string tag, int nodes) => Balsam.BatchJobs.CreateAsync(new BatchJobRequest
    {
        Site = SdkWorld.SiteName, Queue = "debug", Project = "p", NumNodes = nodes, WallTimeMin = 10, FilterTags = { ["test"] = tag },
    });

    /// <summary>The site's side: its scheduler service reporting what the scheduler did.</summary>
    private static Task<BatchJobRecord> SiteReportsAsync(BatchJob batchJob, BatchJobPatch patch) =>
        Balsam.Cluster.GetGrain<IBatchJobGrain>(batchJob.Id).UpdateAsync(patch);
}
