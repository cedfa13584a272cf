using Balsam.BatchJobs;
using Balsam.Launcher.Scheduling.Cobalt;

namespace Balsam.Tests.Unit.Scheduling;

[TestClass]
public sealed class CobaltSchedulerTests
{
    [TestMethod]
    public async Task SubmitNamesItsLogFilesAfterTheScriptAndReadsTheIdAfterQsubsNotices()
    {
        const string script = "/site/qsubmit/qlaunch00042.sh";
        var runner = new RecordedCommandRunner().Stdout("qsub", "cobalt/qsub.txt");
        var submission = new Balsam.Launcher.Scheduling.SchedulerSubmission
        {
            ScriptPath = script, Project = "datascience", Queue = "debug-cache-quad", NumNodes = 2, WallTimeMin = 30,
        };

        Assert.AreEqual(547797, await new CobaltScheduler(runner, "u").SubmitAsync(submission, CancellationToken.None));
        CollectionAssert.AreEqual(
            new[] { "-O", script, "-A", "datascience", "-q", "debug-cache-quad", "-n", "2", "-t", "30", script },
            runner.Asked.Single().Arguments.ToArray());
        Assert.AreEqual("/site/qsubmit", runner.Asked.Single().WorkingDirectory);
    }

    [TestMethod]
    public async Task StatusFindsColumnsByHeaderEvenWithSpacesInAttrs()
    {
        var runner = new RecordedCommandRunner().Stdout("qstat", "cobalt/qstat.txt");
        var user1 = await new CobaltScheduler(runner, "user1").GetStatusesAsync(CancellationToken.None);
        var user7 = await new CobaltScheduler(runner, "user7").GetStatusesAsync(CancellationToken.None);

        Assert.AreEqual(104927, user1.Single().Key);
        Assert.AreEqual(BatchJobState.Running, user1[104927].State);
        Assert.AreEqual("backfill", user1[104927].Queue);
        Assert.AreEqual(128, user1[104927].NumNodes);
        Assert.AreEqual(120, user1[104927].WallTimeMin);
        Assert.AreEqual(BatchJobState.Queued, user7[104848].State);
        Assert.AreEqual("default", user7[104848].Queue);
        Assert.AreEqual(3624, user7[104848].NumNodes);

        var asked = runner.Asked[0];
        CollectionAssert.AreEqual(new[] { "-u", "user1" }, asked.Arguments.ToArray());
        Assert.AreEqual("JobID:User:WallTime:QueuedTime:TimeRemaining:Nodes:State:Queue:Project", asked.Environment["QSTAT_HEADER"]);
    }

    [TestMethod]
    public async Task StatusReadsTheDefaultHeader()
    {
        var runner = new RecordedCommandRunner().Stdout("qstat", "cobalt/qstat-harvester.txt");
        var jobs = await new CobaltScheduler(runner, "fcurtis").GetStatusesAsync(CancellationToken.None);

        Assert.AreEqual(BatchJobState.Queued, jobs[77734].State);
        Assert.AreEqual(64, jobs[77734].NumNodes);
        Assert.AreEqual(360, jobs[77734].WallTimeMin);
    }

    [TestMethod]
    public async Task BackfillCountsIdleNodesWithTheirWindowRoundedDown()
    {
        var runner = new RecordedCommandRunner().Stdout("nodelist", "cobalt/nodelist.txt");
        var windows = await new CobaltScheduler(runner, "u").GetBackfillWindowsAsync(CancellationToken.None);

        var window = windows["default"].Single();
        Assert.AreEqual(7, window.NumNodes);
        Assert.AreEqual(299, window.WallTimeMin);
    }

    [TestMethod]
    public async Task LogTimesComeFromTheCobaltlogWithItsOwnOffset()
    {
        var folder = Directory.CreateTempSubdirectory("cobalt-log-").FullName;
        try
        {
            var script = Path.Combine(folder, "qlaunch00003.sh");
            await File.WriteAllTextAsync(script + ".cobaltlog", RecordedCommandRunner.Recorded("cobalt/182461.cobaltlog"));
            var log = await new CobaltScheduler(new RecordedCommandRunner(), "msalim").GetLogAsync(182461, script, CancellationToken.None);

            Assert.AreEqual(new DateTimeOffset(2018, 2, 2, 17, 44, 47, TimeSpan.Zero), log.StartTime);
            Assert.AreEqual(new DateTimeOffset(2018, 2, 2, 18, 0, 4, TimeSpan.Zero), log.EndTime);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [TestMethod]
    [DataRow("dep_fail", BatchJobState.SubmitFailed)]
    [DataRow("user_hold", BatchJobState.Queued)]
    [DataRow("exiting", BatchJobState.Running)]
    [DataRow("teleporting", BatchJobState.Queued)]
    public void StatesAreMappedAndAnUnknownOneIsKept(string state, BatchJobState expected)
    {
        var output = RecordedCommandRunner.Recorded("cobalt/qstat-harvester.txt").Replace("queued  None", state + "  None");
        var jobs = Balsam.Launcher.Scheduling.Cobalt.CobaltStatusParser.Parse(output, "fcurtis");
        Assert.AreEqual(expected, jobs[77734].State);
    }
}
