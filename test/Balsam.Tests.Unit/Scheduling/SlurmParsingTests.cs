using Balsam.BatchJobs;
using Balsam.Launcher.Scheduling.Slurm;

namespace Balsam.Tests.Unit.Scheduling;

[TestClass]
public sealed class SlurmParsingTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 7, 9, 12, TimeSpan.Zero);

    [TestMethod]
    public void SqueueLinesBecomeStatusesWithReasonAndQueuedTime()
    {
        var jobs = SlurmStatusParser.Parse(RecordedCommandRunner.Recorded("slurm/squeue.txt"), Now);

        Assert.HasCount(3, jobs);
        Assert.AreEqual(BatchJobState.Queued, jobs[3].State);
        Assert.AreEqual("PENDING (PartitionConfig)", jobs[3].SchedulerState);
        Assert.AreEqual(99, jobs[3].NumNodes);
        Assert.AreEqual(5, jobs[3].WallTimeMin);
        Assert.AreEqual(2, jobs[3].QueuedTimeMin);
        Assert.AreEqual("debug", jobs[3].Queue);
        Assert.AreEqual(BatchJobState.Running, jobs[2].State);
        Assert.AreEqual(BatchJobState.Finished, jobs[1].State);
    }

    [TestMethod]
    public void AnUnknownStateKeepsTheJobAndTheOthers()
    {
        var output = RecordedCommandRunner.Recorded("slurm/squeue.txt").Replace("|RUNNING|", "|WARPING|");
        var jobs = SlurmStatusParser.Parse(output, Now);

        Assert.HasCount(3, jobs);
        Assert.AreEqual(BatchJobState.Queued, jobs[2].State);
        StringAssert.StartsWith(jobs[2].SchedulerState, "WARPING (state not known");
    }

    [TestMethod]
    [DataRow("PENDING", BatchJobState.Queued)]
    [DataRow("REQUEUED", BatchJobState.Queued)]
    [DataRow("REQUEUE_HOLD", BatchJobState.Queued)]
    [DataRow("RESV_DEL_HOLD", BatchJobState.Queued)]
    [DataRow("RUNNING", BatchJobState.Running)]
    [DataRow("CONFIGURING", BatchJobState.Running)]
    [DataRow("COMPLETING", BatchJobState.Running)]
    [DataRow("SIGNALING", BatchJobState.Running)]
    [DataRow("STAGE_OUT", BatchJobState.Running)]
    [DataRow("SUSPENDED", BatchJobState.Running)]
    [DataRow("COMPLETED", BatchJobState.Finished)]
    [DataRow("CANCELLED", BatchJobState.Finished)]
    [DataRow("CANCELLED by 0", BatchJobState.Finished)]
    [DataRow("FAILED", BatchJobState.Finished)]
    [DataRow("TIMEOUT", BatchJobState.Finished)]
    [DataRow("NODE_FAIL", BatchJobState.Finished)]
    [DataRow("PREEMPTED", BatchJobState.Finished)]
    [DataRow("OUT_OF_MEMORY", BatchJobState.Finished)]
    [DataRow("DEADLINE", BatchJobState.Finished)]
    [DataRow("BOOT_FAIL", BatchJobState.Finished)]
    public void EverySlurmStateIsMapped(string state, BatchJobState expected)
    {
        var (mapped, known) = SlurmStates.Of(state);
        Assert.IsTrue(known);
        Assert.AreEqual(expected, mapped);
    }

    [TestMethod]
    public void LogTimesFromSacctOrScontrolAreUtc()
    {
        var start = new DateTimeOffset(2026, 11, 30, 7, 7, 12, TimeSpan.Zero);
        var end = new DateTimeOffset(2026, 11, 30, 7, 7, 15, TimeSpan.Zero);
        Assert.AreEqual(new Balsam.Launcher.Scheduling.SchedulerJobLog(start, end), SlurmTimes.FromSacct(RecordedCommandRunner.Recorded("slurm/sacct.txt"), 2));
        Assert.AreEqual(new Balsam.Launcher.Scheduling.SchedulerJobLog(start, end), SlurmTimes.FromScontrol(RecordedCommandRunner.Recorded("slurm/scontrol-show-job.txt")));
        Assert.IsNull(SlurmTimes.Parse("Unknown"));
    }

    [TestMethod]
    public void BackfillUsesIdleNodesAndThePartitionLimit()
    {
        var windows = SlurmBackfillParser.Parse("debug|infinite|1\nshort|1:00:00|4\n");
        Assert.AreEqual(SlurmBackfillParser.UnlimitedMinutes, windows["debug"].Single().WallTimeMin);
        Assert.AreEqual(4, windows["short"].Single().NumNodes);
        Assert.AreEqual(60, windows["short"].Single().WallTimeMin);
    }
}
