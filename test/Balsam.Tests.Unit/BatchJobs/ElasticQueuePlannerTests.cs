using Balsam.BatchJobs;
using Balsam.Jobs;
using Balsam.Launcher.SiteAgent.ElasticQueue;
using Balsam.Launcher.Settings;
using Balsam.Sites;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Balsam.Tests.Unit.BatchJobs;

[TestClass]
public sealed class ElasticQueuePlannerTests
{
    private static readonly ElasticQueueSettings Settings = new()
    {
        SubmitProject = "datascience", SubmitQueue = "prod", MaxNumNodes = 32, MinNumNodes = 4, UseBackfill = false,
        MinWallTimeMin = 35, MaxWallTimeMin = 360, WallTimePadMin = 5, MaxQueuedJobs = 3, MaxQueueWaitTimeMin = 10,
    };

    private static readonly Dictionary<string, string> Tags = new() { ["workflow"] = "xpcs" };

    private static BatchJobRecord BatchJob(long id, BatchJobState state, int nodes, long? schedulerId = null) => new()
    {
        Id = id, SiteId = 1, Project = "datascience", Queue = "prod", NumNodes = nodes, State = state, SchedulerId = schedulerId,
    };

    private static ElasticQueueInput Input(
        double runnable, double running = 0, int smallest = 1, IReadOnlyList<BatchJobRecord>? batchJobs = null,
        Dictionary<string, List<BackfillWindow>>? backfill = null, IReadOnlyList<SchedulerJobStatus>? schedulerJobs = null) => new()
    {
        BatchJobs = batchJobs ?? [],
        Runnable = new JobFootprint(runnable > 0 ? 10 : 0, runnable, runnable > 0 ? smallest : 0),
        Running = new JobFootprint(running > 0 ? 1 : 0, running, 1),
        BackfillWindows = backfill ?? [],
        SchedulerJobs = schedulerJobs ?? [],
    };

    [TestMethod]
    public void ABacklogLargerThanWhatIsReservedGetsOneBatchJobOfTheMissingNodesRoundedUp()
    {
        var plan = ElasticQueuePlanner.Plan(Settings, Tags, Input(runnable: 12.5, running: 2, batchJobs: [BatchJob(1, BatchJobState.Running, 4)]));
        Assert.IsNotNull(plan.Submit);
        Assert.AreEqual(11, plan.Submit.NumNodes, "runnable 12.5 − idle (4 reserved − 2 running) = 10.5, rounded up");
        Assert.AreEqual(355, plan.Submit.WallTimeMin, "max_wall_time_min − pad");
        Assert.AreEqual("prod", plan.Submit.Queue);
        Assert.AreEqual("datascience", plan.Submit.Project);
        CollectionAssert.AreEquivalent(Tags, plan.Submit.FilterTags);
    }

    [TestMethod]
    public void TheRequestIsAtLeastMinNumNodesAndAtMostMaxNumNodes()
    {
        Assert.AreEqual(4, ElasticQueuePlanner.Plan(Settings, Tags, Input(runnable: 0.25)).Submit!.NumNodes);
        Assert.AreEqual(32, ElasticQueuePlanner.Plan(Settings, Tags, Input(runnable: 500)).Submit!.NumNodes);
    }

    [TestMethod]
    public void NothingIsSubmittedWithoutRunnableWorkOrWhenReservedNodesCoverIt()
    {
        Assert.IsNull(ElasticQueuePlanner.Plan(Settings, Tags, Input(runnable: 0)).Submit);
        var covered = ElasticQueuePlanner.Plan(Settings, Tags, Input(runnable: 6, batchJobs: [BatchJob(1, BatchJobState.Queued, 8)]));
        Assert.IsNull(covered.Submit);
        StringAssert.Contains(covered.Reason, "fits");
    }

    [TestMethod]
    public void AtMaxQueuedJobsNothingMoreIsSubmitted()
    {
        var full = ElasticQueuePlanner.Plan(Settings, Tags, Input(runnable: 100, batchJobs:
            [BatchJob(1, BatchJobState.Queued, 4), BatchJob(2, BatchJobState.PendingSubmission, 4), BatchJob(3, BatchJobState.Running, 4)]));
        Assert.IsNull(full.Submit);
        StringAssert.Contains(full.Reason, "max_queued_jobs 3");
    }

    [TestMethod]
    public void WithBackfillTheLargestFittingWindowIsUsedCappedByTheSettings()
    {
        var settings = Settings with { UseBackfill = true };
        var windows = new Dictionary<string, List<BackfillWindow>>
        {
            ["prod"] =
            [
                new() { NumNodes = 100, WallTimeMin = 30 },   // too short (min_wall_time_min 35)
                new() { NumNodes = 2, WallTimeMin = 1000 },   // fewer nodes than min_num_nodes 4
                new() { NumNodes = 10, WallTimeMin = 60 },    // 600 node-minutes
                new() { NumNodes = 64, WallTimeMin = 500 },   // capped to 32 nodes × 360 min: the largest
            ],
            ["debug"] = [new() { NumNodes = 1000, WallTimeMin = 1000 }],
        };
        var plan = ElasticQueuePlanner.Plan(settings, Tags, Input(runnable: 50, backfill: windows));
        Assert.AreEqual(32, plan.Submit!.NumNodes);
        Assert.AreEqual(355, plan.Submit.WallTimeMin);

        var none = ElasticQueuePlanner.Plan(settings, Tags, Input(runnable: 50, smallest: 16, backfill: new() { ["prod"] = [new() { NumNodes = 10, WallTimeMin = 60 }] }));
        Assert.IsNull(none.Submit, "no window holds the smallest runnable job");
        StringAssert.Contains(none.Reason, "backfill");
    }

    [TestMethod]
    public void QueuedBatchJobsThatWaitedTooLongAreDeleted()
    {
        var plan = ElasticQueuePlanner.Plan(Settings, Tags, Input(runnable: 0,
            batchJobs: [BatchJob(1, BatchJobState.Queued, 4, schedulerId: 11), BatchJob(2, BatchJobState.Queued, 4, schedulerId: 12), BatchJob(3, BatchJobState.Running, 4, schedulerId: 13)],
            schedulerJobs:
            [
                new() { SchedulerId = 11, QueuedTimeMin = 25 },
                new() { SchedulerId = 12, QueuedTimeMin = 3 },
                new() { SchedulerId = 13, QueuedTimeMin = 60 },
            ]));
        CollectionAssert.AreEqual(new long[] { 1 }, plan.Delete.ToArray());
    }

    [TestMethod]
    public void AfterARefusalNothingIsSubmittedAndTheReasonSaysWhy()
    {
        var refused = BatchJob(9, BatchJobState.SubmitFailed, 4) with { StatusInfo = new() { ["error"] = "sbatch: error: AssocMaxSubmitJobLimit" } };
        var plan = ElasticQueuePlanner.Plan(Settings, Tags, Input(runnable: 50) with { RecentRefusal = refused });
        Assert.IsNull(plan.Submit);
        StringAssert.Contains(plan.Reason, "AssocMaxSubmitJobLimit");
    }
}
