using Balsam.BatchJobs;
using Balsam.Client;
using Balsam.Client.BatchJobs;
using Balsam.Errors;
using Balsam.States;

namespace Balsam.Tests.Integration.Sdk.BatchJobs;

/// <summary>
/// A batch job's life as the user sees it while the test plays the site's scheduler service through
/// <see cref="IBatchJobGrain.UpdateAsync"/>: submission, running, ending, deletion requests and removal.
/// </summary>
[TestClass]
public sealed class BatchJobLifecycleTests
{
    private static SdkWorld _world = null!;

    private static BalsamClient Balsam => _world.Client;

    [ClassInitialize]
    public static async Task StartAsync(TestContext _)
    {
        _world = await SdkWorld.StartAsync("sdkbatchlife");
        await BatchJobSites.AllowBatchJobsAsync(Balsam, _world.Site.Id);
    }

    [ClassCleanup]
    public static async Task StopAsync() => await _world.DisposeAsync();

    private static Task<BatchJob> CreateAsync(string tag) => Balsam.BatchJobs.CreateAsync(new BatchJobRequest
    {
        Site = SdkWorld.SiteName, Queue = "debug", Project = "p", NumNodes = 1, WallTimeMin = 10, FilterTags = { ["test"] = tag },
    });

    /// <summary>The site's side: its scheduler service reporting what the scheduler did.</summary>
    private static Task<BatchJobRecord> SiteReportsAsync(BatchJob batchJob, BatchJobPatch patch) =>
        Balsam.Cluster.GetGrain<IBatchJobGrain>(batchJob.Id).UpdateAsync(patch);

    [TestMethod]
    public async Task SubmittedRunningAndFinishedSetSchedulerIdAndTimesAndFinishedIsFinal()
    {
        var batchJob = await CreateAsync("life");
        await SiteReportsAsync(batchJob, new BatchJobPatch { State = BatchJobState.Queued, SchedulerId = 4242, StatusInfo = new() { ["submit_script"] = "qsubmit/x.sh" } });
        await batchJob.RefreshAsync();
        Assert.AreEqual((BatchJobState.Queued, (long?)4242), (batchJob.State, batchJob.SchedulerId));
        Assert.AreEqual("qsubmit/x.sh", batchJob.StatusInfo["submit_script"]);
        Assert.IsNull(batchJob.StartTime);

        var beforeRun = DateTimeOffset.UtcNow.AddSeconds(-1);
        await SiteReportsAsync(batchJob, BatchJobPatch.ToState(BatchJobState.Running));
        await batchJob.RefreshAsync();
        Assert.AreEqual(BatchJobState.Running, batchJob.State);
        Assert.IsNotNull(batchJob.StartTime);
        Assert.IsGreaterThanOrEqualTo(beforeRun, batchJob.StartTime.Value);
        Assert.IsNull(batchJob.EndTime);

        await SiteReportsAsync(batchJob, BatchJobPatch.ToState(BatchJobState.Finished));
        await batchJob.RefreshAsync();
        Assert.AreEqual(BatchJobState.Finished, batchJob.State);
        Assert.IsTrue(batchJob.HasEnded);
        Assert.IsNotNull(batchJob.EndTime);
        Assert.IsGreaterThanOrEqualTo(batchJob.StartTime.Value, batchJob.EndTime.Value);
        Assert.AreEqual(4242, batchJob.SchedulerId, "the scheduler id is kept");

        var back = await Assert.ThrowsExactlyAsync<BalsamValidationException>(() => SiteReportsAsync(batchJob, BatchJobPatch.ToState(BatchJobState.Running)));
        StringAssert.Contains(back.Message, "cannot move from finished to running");
        await batchJob.RefreshAsync();
        Assert.AreEqual(BatchJobState.Finished, batchJob.State);
    }

    [TestMethod]
    public async Task ARefusedSubmissionKeepsTheSchedulersMessage()
    {
        var batchJob = await CreateAsync("refused");
        await SiteReportsAsync(batchJob, new BatchJobPatch
        {
            State = BatchJobState.SubmitFailed,
            StatusInfo = new() { ["error"] = "sbatch: error: Invalid account or account/partition combination specified" },
        });
        var read = await Balsam.BatchJobs.Where(state: BatchJobState.SubmitFailed).GetAsync();
        Assert.AreEqual(batchJob.Id, read.Id);
        Assert.AreEqual("sbatch: error: Invalid account or account/partition combination specified", read.Error);
        Assert.IsTrue(read.HasEnded);
    }

    [TestMethod]
    public async Task DeletionRequestOfAQueuedOneHoldsAgainstAMirroredRunningUntilFinished()
    {
        var batchJob = await CreateAsync("delete-queued");
        await SiteReportsAsync(batchJob, new BatchJobPatch { State = BatchJobState.Queued, SchedulerId = 77 });
        await batchJob.RefreshAsync();

        Assert.AreEqual(BatchJobState.Queued, await batchJob.RequestDeletionAsync(), "returns the state it had");
        Assert.AreEqual(BatchJobState.PendingDeletion, batchJob.State);
        Assert.AreEqual(77, batchJob.SchedulerId);

        await SiteReportsAsync(batchJob, BatchJobPatch.ToState(BatchJobState.Running));
        await batchJob.RefreshAsync();
        Assert.AreEqual(BatchJobState.PendingDeletion, batchJob.State, "a sync that crossed the request does not undo it");

        await SiteReportsAsync(batchJob, BatchJobPatch.ToState(BatchJobState.Finished));
        await batchJob.RefreshAsync();
        Assert.AreEqual(BatchJobState.Finished, batchJob.State);
    }

    [TestMethod]
    public async Task DeletionRequestBeforeSubmissionNeverGetsASchedulerIdAndEndedOnesAreLeftAlone()
    {
        var pending = await CreateAsync("delete-pending");
        Assert.AreEqual(BatchJobState.PendingSubmission, await pending.RequestDeletionAsync());
        Assert.AreEqual(BatchJobState.Finished, pending.State, "not yet handed to the scheduler: it ends at once");
        Assert.IsNull(pending.SchedulerId);
        Assert.IsNull(pending.StartTime, "it never ran");

        Assert.AreEqual(BatchJobState.Finished, await pending.RequestDeletionAsync());
        Assert.AreEqual(BatchJobState.Finished, pending.State, "an ended batch job is left as it is");
    }

    [TestMethod]
    public async Task OnlyEndedBatchJobsCanBeRemoved()
    {
        var active = await CreateAsync("remove");
        var ended = await CreateAsync("remove");
        await SiteReportsAsync(ended, new BatchJobPatch { State = BatchJobState.SubmitFailed, StatusInfo = new() { ["error"] = "no" } });
        await ended.RefreshAsync();

        var refused = await Assert.ThrowsExactlyAsync<BalsamValidationException>(() => active.DeleteAsync());
        Assert.AreEqual("state", refused.Problems.Single().Field);
        StringAssert.Contains(refused.Message, "is pending_submission");

        var query = Balsam.BatchJobs.Where(filterTags: new() { ["test"] = "remove" });
        Assert.AreEqual(1, await query.DeleteAsync(), "the query removes the ended one only");
        CollectionAssert.AreEqual(new[] { active.Id }, (await query.ToListAsync()).Select(b => b.Id).ToList());
        await Assert.ThrowsExactlyAsync<DoesNotExistException>(() => ended.RefreshAsync());
        Assert.IsFalse(await ended.DeleteAsync(), "already gone");

        var requested = await query.RequestDeletionAsync();
        Assert.AreEqual(BatchJobState.Finished, requested.Single().State, "never submitted: ended at once");
        await active.RefreshAsync();
        Assert.IsTrue(await active.DeleteAsync());
        Assert.AreEqual(0, await query.CountAsync());
    }
}
