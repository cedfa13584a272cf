using Balsam.BatchJobs;
using Balsam.Launcher.Scheduling;
using Balsam.Launcher.Scheduling.Common;
using Balsam.Launcher.Scheduling.Pbs;

namespace Balsam.Tests.Unit.Scheduling;

[TestClass]
public sealed class PbsSchedulerTests
{
    private static readonly string Script = Path.Combine(Path.GetTempPath(), "site", "qsubmit", "qlaunch00001.sh");

    private static SchedulerSubmission Submission => new()
    {
        ScriptPath = Script, Project = "datascience", Queue = "debug", NumNodes = 4, WallTimeMin = 90,
        Environment = new Dictionary<string, string> { ["BALSAM_BATCH_JOB_ID"] = "7" },
    };

    [TestMethod]
    public async Task SubmitPassesSelectAndWalltimeAndReadsTheIdBeforeTheFirstDot()
    {
        var runner = new RecordedCommandRunner().Stdout("qsub", "pbs/qsub.txt");
        var id = await new PbsScheduler(runner, "qoot").SubmitAsync(Submission, CancellationToken.None);

        Assert.AreEqual(1013, id);
        var asked = runner.Asked.Single();
        CollectionAssert.AreEqual(
            new[] { "-A", "datascience", "-q", "debug", "-l", "select=4", "-l", "walltime=01:30:00", "-v", "BALSAM_BATCH_JOB_ID", Script },
            asked.Arguments.ToArray());
        Assert.AreEqual(Path.GetDirectoryName(Script), asked.WorkingDirectory);
        Assert.AreEqual("7", asked.Environment["BALSAM_BATCH_JOB_ID"]);
    }

    [TestMethod]
    public async Task ARefusalCarriesQsubsOwnMessage()
    {
        var runner = new RecordedCommandRunner().Stderr("qsub", "pbs/qsub-unknown-queue.txt", 168);
        var error = await Assert.ThrowsExactlyAsync<SchedulerException>(() => new PbsScheduler(runner, "qoot").SubmitAsync(Submission, CancellationToken.None));
        Assert.AreEqual("qsub: Unknown queue", error.Message);
    }

    [TestMethod]
    public async Task StatusListsTheUsersJobsWithQueueNodesAndTimes()
    {
        var runner = new RecordedCommandRunner()
            .Stdout("qselect", "pbs/qselect.txt", "-u", "qoot")
            .Stdout("qstat", "pbs/qstat-f-json.json", "-f", "-F", "json", "1006.qot-calc0", "1007.qot-calc0");
        var jobs = await new PbsScheduler(runner, "qoot").GetStatusesAsync(CancellationToken.None);

        CollectionAssert.AreEquivalent(new long[] { 1006, 1007 }, jobs.Keys.ToArray());
        var job = jobs[1006];
        Assert.AreEqual(BatchJobState.Running, job.State);
        Assert.AreEqual("atom", job.Queue);
        Assert.AreEqual(5, job.NumNodes);
        Assert.AreEqual(240, job.WallTimeMin);
        Assert.AreEqual(238, job.TimeRemainingMin);
        Assert.AreEqual("_pbs_project_default", job.Project);
        StringAssert.StartsWith(job.SchedulerState, "R (running): Job run at Wed Apr 14");
        Assert.AreEqual("linopt-sim", jobs[1007].Queue);
    }

    [TestMethod]
    [DataRow("qoo")]
    [DataRow("qoot2")]
    [DataRow("calc0")]
    [DataRow("QOOT")]
    public async Task OwnerMatchesExactlyNotBySubstring(string user)
    {
        var runner = new RecordedCommandRunner().Stdout("qselect", "pbs/qselect.txt").Stdout("qstat", "pbs/qstat-f-json.json");
        var jobs = await new PbsScheduler(runner, user).GetStatusesAsync(CancellationToken.None);
        Assert.IsEmpty(jobs);
    }

    [TestMethod]
    public async Task WithNoJobsOfTheUserQstatIsNotCalledAndAJobThatEndedMeanwhileDoesNotHideTheOthers()
    {
        var none = new RecordedCommandRunner().Answer("qselect", new CommandResult(0, "", ""));
        Assert.IsEmpty(await new PbsScheduler(none, "qoot").GetStatusesAsync(CancellationToken.None));
        Assert.AreEqual(1, none.Asked.Count, "only qselect ran");

        var partly = new RecordedCommandRunner()
            .Stdout("qselect", "pbs/qselect.txt")
            .Answer("qstat", new CommandResult(35, RecordedCommandRunner.Recorded("pbs/qstat-f-json.json"), RecordedCommandRunner.Recorded("pbs/qstat-unknown-job.txt")));
        Assert.HasCount(2, await new PbsScheduler(partly, "qoot").GetStatusesAsync(CancellationToken.None));
    }

    [TestMethod]
    [DataRow("Q", BatchJobState.Queued)]
    [DataRow("H", BatchJobState.Queued)]
    [DataRow("W", BatchJobState.Queued)]
    [DataRow("T", BatchJobState.Queued)]
    [DataRow("M", BatchJobState.Queued)]
    [DataRow("R", BatchJobState.Running)]
    [DataRow("E", BatchJobState.Running)]
    [DataRow("B", BatchJobState.Running)]
    [DataRow("S", BatchJobState.Running)]
    [DataRow("U", BatchJobState.Running)]
    [DataRow("F", BatchJobState.Finished)]
    [DataRow("X", BatchJobState.Finished)]
    [DataRow("Z", BatchJobState.Queued)]
    public void EveryStateLetterIsMappedAndAnUnknownOneKeepsEveryJob(string letter, BatchJobState expected)
    {
        // The recording has only R jobs: the letter of job 1006 is changed in memory.
        var output = RecordedCommandRunner.Recorded("pbs/qstat-f-json.json");
        var changed = ReplaceFirst(output, "\"job_state\":\"R\"", $"\"job_state\":\"{letter}\"");
        var jobs = PbsStatusParser.Parse(changed, "qoot", DateTimeOffset.UtcNow);

        Assert.HasCount(2, jobs);
        Assert.AreEqual(expected, jobs[1006].State);
        StringAssert.StartsWith(jobs[1006].SchedulerState, letter + " (");
        Assert.AreEqual(BatchJobState.Running, jobs[1007].State);
        if (letter == "Z")
        {
            StringAssert.Contains(jobs[1006].SchedulerState, "not known");
        }
    }

    [TestMethod]
    public async Task LogTimesAreReadAsUtcBecauseQstatRunsWithTzUtc()
    {
        var runner = new RecordedCommandRunner().Stdout("qstat", "pbs/qstat-xf-json.json", "-x", "-f", "-F", "json", "12860476");
        var log = await new PbsScheduler(runner, "jan_brezina").GetLogAsync(12860476, Script, CancellationToken.None);

        Assert.AreEqual(new DateTimeOffset(2022, 10, 4, 21, 23, 33, TimeSpan.Zero), log.StartTime);
        Assert.IsNull(log.EndTime, "still running: no end");
        Assert.AreEqual("UTC", runner.Asked.Single().Environment["TZ"]);
    }

    [TestMethod]
    public void AFinishedJobEndsAtItsLastModification()
    {
        var changed = RecordedCommandRunner.Recorded("pbs/qstat-xf-json.json").Replace("\"job_state\":\"R\"", "\"job_state\":\"F\"");
        var (_, job) = PbsStatusParser.Jobs(changed).Single();
        Assert.AreEqual(new DateTimeOffset(2022, 10, 4, 21, 23, 33, TimeSpan.Zero), PbsTimes.Parse(PbsStatusParser.Text(job, "mtime")));
    }

    [TestMethod]
    public async Task AnExpiredJobIdGivesUnknownTimes()
    {
        var runner = new RecordedCommandRunner().Stderr("qstat", "pbs/qstat-unknown-job.txt", 153);
        var log = await new PbsScheduler(runner, "qoot").GetLogAsync(2001, Script, CancellationToken.None);
        Assert.AreEqual(SchedulerJobLog.Unknown, log);
    }

    private static string ReplaceFirst(string text, string what, string with)
    {
        var at = text.IndexOf(what, StringComparison.Ordinal);
        return text[..at] + with + text[(at + what.Length)..];
    }
}
