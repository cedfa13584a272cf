using Balsam.BatchJobs;
using Balsam.Launcher.Scheduling;
using Balsam.Launcher.Scheduling.Lsf;

namespace Balsam.Tests.Unit.Scheduling;

[TestClass]
public sealed class LsfSchedulerTests
{
    private static readonly string Script = Path.Combine(Path.GetTempPath(), "site", "qsubmit", "qlaunch00002.sh");

    [TestMethod]
    public async Task SubmitAsksForNodesAndMinutesAndReadsTheJobNumber()
    {
        var runner = new RecordedCommandRunner().Stdout("bsub", "lsf/bsub.txt");
        var submission = new SchedulerSubmission { ScriptPath = Script, Project = "BIP152", Queue = "batch", NumNodes = 8, WallTimeMin = 120 };
        var id = await new LsfScheduler(runner, "u").SubmitAsync(submission, CancellationToken.None);

        Assert.AreEqual(1223, id);
        CollectionAssert.AreEqual(
            new[] { "-o", Script + ".output", "-e", Script + ".error", "-P", "BIP152", "-q", "batch", "-nnodes", "8", "-W", "120", Script },
            runner.Asked.Single().Arguments.ToArray());
    }

    [TestMethod]
    public async Task AnExitWithoutAJobLineIsARefusalWithBsubsWords()
    {
        var runner = new RecordedCommandRunner().Answer("bsub", new CommandResult(255, "", "bsub failed"));
        var submission = new SchedulerSubmission { ScriptPath = Script, Project = "p", Queue = "q", NumNodes = 1, WallTimeMin = 1 };
        var error = await Assert.ThrowsExactlyAsync<SchedulerException>(() => new LsfScheduler(runner, "u").SubmitAsync(submission, CancellationToken.None));
        Assert.AreEqual("bsub failed", error.Message);
    }

    [TestMethod]
    public async Task BslotsBecomesABackfillWindowOfTheConfiguredQueue()
    {
        var runner = new RecordedCommandRunner().Stdout("bslots", "lsf/bslots.txt");
        var windows = await new LsfScheduler(runner, "u") { BackfillQueue = "batch" }.GetBackfillWindowsAsync(CancellationToken.None);

        var window = windows["batch"].Single();
        Assert.AreEqual(2, window.NumNodes, "2 free slots, one slot per node");
        Assert.IsTrue(window.WallTimeMin >= 24 * 60 * 365, "UNLIMITED is a window with no end (a year)");

        var none = await new LsfScheduler(new RecordedCommandRunner().Answer("bslots", new CommandResult(0, "No backfill window meets the requirements.\n", "")), "u")
            .GetBackfillWindowsAsync(CancellationToken.None);
        Assert.AreEqual(0, none.Count);
    }

    [TestMethod]
    public async Task StatusReadsSummitsRecord()
    {
        var runner = new RecordedCommandRunner().Stdout("bjobs", "lsf/bjobs-summit-record.json");
        var jobs = await new LsfScheduler(runner, "anyone").GetStatusesAsync(CancellationToken.None);

        var job = jobs[806290];
        Assert.AreEqual(BatchJobState.Running, job.State);
        Assert.AreEqual("batch", job.Queue);
        Assert.AreEqual("BIP152", job.Project);
        Assert.AreEqual(1440, job.WallTimeMin);
        var asked = runner.Asked.Single();
        CollectionAssert.AreEqual(new[] { "-u", "anyone", "-json", "-o" }, asked.Arguments.Take(4).ToArray());
    }

    [TestMethod]
    public async Task ADoneJobIsFinishedAndOnlyTheUsersJobsCount()
    {
        var runner = new RecordedCommandRunner().Stdout("bjobs", "lsf/bjobs-done.json");
        var mine = await new LsfScheduler(runner, "otptest").GetStatusesAsync(CancellationToken.None);
        var theirs = await new LsfScheduler(runner, "otp").GetStatusesAsync(CancellationToken.None);

        Assert.AreEqual(BatchJobState.Finished, mine[22005].State);
        Assert.AreEqual(10, mine[22005].WallTimeMin);
        Assert.AreEqual("short-dmg", mine[22005].Queue);
        Assert.IsEmpty(theirs);
    }

    [TestMethod]
    public async Task LogTimesWithoutAYearTakeTheLatestPastYear()
    {
        var runner = new RecordedCommandRunner().Stdout("bjobs", "lsf/bjobs-done.json");
        var scheduler = new LsfScheduler(runner, "otptest") { Clock = new FixedClock(new DateTimeOffset(2018, 1, 5, 0, 0, 0, TimeSpan.Zero)) };
        var log = await scheduler.GetLogAsync(22005, Script, CancellationToken.None);

        var expected = new DateTimeOffset(2017, 12, 28, 19, 56, 0, TimeSpan.Zero);
        Assert.AreEqual(expected, log.StartTime);
        Assert.AreEqual(expected, log.EndTime);
        Assert.AreEqual("UTC", runner.Asked.Single().Environment["TZ"]);
    }
}
