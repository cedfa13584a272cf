using Balsam.Launcher.Pilot;
using Balsam.Launcher.Pilot.Mpi;
using Balsam.Launcher.Pilot.Spawn;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Balsam.Tests.Unit.Launching;

/// <summary>A job without a shell preamble starts as its own program, guarded, its exit recorded as a job shell's would be.</summary>
[TestClass]
public sealed class JobAloneTests
{
    [TestMethod]
    public async Task AJobWithoutAPreambleIsItsOwnSessionLeaderWritingItsOutputFileReadingNothingAndHoldingTheGuardsMarker()
    {
        using var temp = new TempWorkdir("balsam-alone-");
        var workdir = temp.Path;
        var script = "echo \"$$\" > pid; readlink /proc/$$/fd/0 > stdin; readlink /proc/$$/fd/" + JobGroupGuard.MarkerFd + " > marker; "
                     + "echo out; echo err >&2; exit 3";
        var command = new LaunchCommand(["/bin/sh", "-c", script], new Dictionary<string, string> { ["BALSAM_SESSION_ID"] = "42" }, workdir);
        using var process = ProcessGroups.Start(command, Path.Combine(workdir, "job.out"));
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.AreEqual(3, process.ExitCode);
        Assert.AreEqual(process.Id.ToString(), Read(workdir, "pid"), "the job's own program leads the group: no shell in front of it");
        Assert.AreEqual("/dev/null", Read(workdir, "stdin"));
        Assert.AreEqual("out\nerr", Read(workdir, "job.out"), "standard output and error both go to the output file");
        var guardPipe = new FileInfo($"/proc/{JobGroupGuard.ProcessId}/fd/0").LinkTarget;
        StringAssert.StartsWith(guardPipe, "pipe:");
        Assert.AreEqual(guardPipe, Read(workdir, "marker"), "the job holds the guard's pipe at the marker descriptor");
        Assert.AreEqual(new ExitRecord(3, 42), ExitRecord.Read(workdir), "the launcher recorded the exit, as the job shell does");
    }

    [TestMethod]
    public async Task AProgramIsFoundOnTheJobsOwnPathFromItsWorkdirAndSeesItsNameAsGiven()
    {
        using var temp = new TempWorkdir("balsam-alone-path-");
        var workdir = temp.Path;
        Directory.CreateDirectory(Path.Combine(workdir, "bin"));
        File.CreateSymbolicLink(Path.Combine(workdir, "bin", "tool"), "/bin/bash");
        var command = new LaunchCommand(["tool", "-c", "tr '\\0' ' ' < /proc/$$/cmdline; echo"],
            new Dictionary<string, string> { ["PATH"] = "bin:/usr/bin:/bin" }, workdir);
        using var process = ProcessGroups.Start(command, Path.Combine(workdir, "job.out"));
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.AreEqual(0, process.ExitCode, Read(workdir, "job.out"));
        StringAssert.StartsWith(Read(workdir, "job.out"), "tool -c ", "found through the relative PATH folder, started under its own name");
    }

    [TestMethod]
    public async Task AProgramNoShellWouldFindFailsAsInAShellWithExitCode127()
    {
        using var temp = new TempWorkdir("balsam-alone-missing-");
        var workdir = temp.Path;
        var command = new LaunchCommand(["no-such-program-anywhere"], new Dictionary<string, string>(), workdir);
        using var process = ProcessGroups.Start(command, Path.Combine(workdir, "job.out"));
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.AreEqual(127, process.ExitCode);
        StringAssert.Contains(Read(workdir, "job.out"), "no-such-program-anywhere");
        StringAssert.Contains(Read(workdir, "job.out"), "not found");
    }

    [TestMethod]
    public async Task AJobStoppedByForceRecordsNoExitSoItRunsAgainAndOneThatTookSigtermRecordsIt()
    {
        using var temp = new TempWorkdir("balsam-alone-stop-");
        var stubborn = Path.Combine(temp.Path, "stubborn");
        var polite = Path.Combine(temp.Path, "polite");
        Directory.CreateDirectory(stubborn);
        Directory.CreateDirectory(polite);
        // The stubborn shell ignores SIGTERM, so the stop ends it with SIGKILL after the grace period.
        using var killed = ProcessGroups.Start(new LaunchCommand(["/bin/sh", "-c", "trap '' TERM; echo up > up; while :; do sleep 1; done"],
            new Dictionary<string, string>(), stubborn), Path.Combine(stubborn, "job.out"));
        using var stopped = ProcessGroups.Start(new LaunchCommand(["/bin/sh", "-c", "echo up > up; sleep 600"],
            new Dictionary<string, string>(), polite), Path.Combine(polite, "job.out"));
        for (var i = 0; i < 400 && !(File.Exists(Path.Combine(stubborn, "up")) && File.Exists(Path.Combine(polite, "up"))); i++)
        {
            await Task.Delay(25);
        }

        await Task.WhenAll(killed.StopAsync(TimeSpan.FromMilliseconds(300)), stopped.StopAsync(TimeSpan.FromSeconds(10))).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.AreEqual(128 + 9, killed.ExitCode);
        Assert.IsNull(ExitRecord.Read(stubborn), "a run killed outright records no exit: it must run again");
        Assert.AreEqual(128 + 15, stopped.ExitCode);
        Assert.AreEqual(128 + 15, ExitRecord.Read(polite)?.ExitCode);
    }

    [TestMethod]
    public async Task AJobThatExitsWith137ByItselfIsRecordedOnlyAKillIsNot()
    {
        using var temp = new TempWorkdir("balsam-alone-137-");
        var workdir = temp.Path;
        // A shell passes on the 137 of a child the kernel killed: the job itself ended, and its exit counts.
        var command = new LaunchCommand(["/bin/sh", "-c", "sh -c 'kill -KILL $$'; exit $?"], new Dictionary<string, string>(), workdir);
        using var process = ProcessGroups.Start(command, Path.Combine(workdir, "job.out"));
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.AreEqual(128 + 9, process.ExitCode);
        Assert.AreEqual(128 + 9, ExitRecord.Read(workdir)?.ExitCode, "the job's own exit code 137 is recorded");
    }

    [TestMethod]
    public async Task ADeathBySignalIsNotedInTheOutputAsAShellWouldAndPwdNamesTheWorkdir()
    {
        using var temp = new TempWorkdir("balsam-alone-signal-");
        var workdir = temp.Path;
        var command = new LaunchCommand(["/bin/sh", "-c", "echo \"$PWD\"; kill -SEGV $$"], new Dictionary<string, string> { ["PWD"] = "/elsewhere" }, workdir);
        using var process = ProcessGroups.Start(command, Path.Combine(workdir, "job.out"));
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.AreEqual(128 + 11, process.ExitCode);
        var lines = File.ReadAllLines(Path.Combine(workdir, "job.out"));
        Assert.AreEqual(workdir, lines[0], "PWD names the workdir, as a shell sets it");
        StringAssert.StartsWith(lines[^1], "Segmentation fault", "the error tail says how the job died");
    }

    [TestMethod]
    [DoNotParallelize] // it ends the guard every other test's jobs share
    public async Task WhenTheGuardsInputEndsTheRunningJobsGroupDiesAndAFinishedJobsLeftoverChildLives()
    {
        using var temp = new TempWorkdir("balsam-alone-death-");
        var running = Path.Combine(temp.Path, "running");
        var finished = Path.Combine(temp.Path, "finished");
        Directory.CreateDirectory(running);
        Directory.CreateDirectory(finished);
        using var job = ProcessGroups.Start(new LaunchCommand(["/bin/sh", "-c", "sleep 600 & echo $! > child; wait"],
            new Dictionary<string, string>(), running), Path.Combine(running, "job.out"));
        using var ended = ProcessGroups.Start(new LaunchCommand(["/bin/sh", "-c", "sleep 600 & echo $! > child"],
            new Dictionary<string, string>(), finished), Path.Combine(finished, "job.out"));
        var child = int.Parse(await ProcessProbe.ContentAsync(Path.Combine(running, "child")));
        var leftover = int.Parse(await ProcessProbe.ContentAsync(Path.Combine(finished, "child")));
        await ended.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        try
        {
            JobGroupGuard.EndInputForTests(); // as the launcher's death would
            await job.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            for (var i = 0; i < 200 && ProcessProbe.Alive(child); i++)
            {
                await Task.Delay(25);
            }

            Assert.AreEqual(128 + 9, job.ExitCode, "the guard killed the running job");
            Assert.IsFalse(ProcessProbe.Alive(child), "and every process of its group");
            Assert.IsNull(ExitRecord.Read(running), "a run killed outright records no exit: it must run again");
            Assert.IsTrue(ProcessProbe.Alive(leftover), "a finished job's group was forgotten: what it left behind is its own");
        }
        finally
        {
            System.Diagnostics.Process.GetProcessById(leftover).Kill();
        }
    }

    [TestMethod]
    [DoNotParallelize] // the other tests' jobs hold the guard this one kills
    public async Task AKilledGuardIsReplacedAndTheNextJobHoldsTheNewOnesMarker()
    {
        using var temp = new TempWorkdir("balsam-alone-guard-");
        var workdir = temp.Path;
        var first = JobGroupGuard.ProcessId;
        System.Diagnostics.Process.GetProcessById(first).Kill();
        // The guard's exit is collected on a thread of its own; the next use after that starts a new guard.
        for (var i = 0; i < 400 && JobGroupGuard.ProcessId == first; i++)
        {
            await Task.Delay(25);
        }

        var command = new LaunchCommand(["/bin/sh", "-c", $"readlink /proc/$$/fd/{JobGroupGuard.MarkerFd}"], new Dictionary<string, string>(), workdir);
        using var process = ProcessGroups.Start(command, Path.Combine(workdir, "job.out"));
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.AreNotEqual(first, JobGroupGuard.ProcessId, "a new guard runs");
        Assert.AreEqual(new FileInfo($"/proc/{JobGroupGuard.ProcessId}/fd/0").LinkTarget, Read(workdir, "job.out"));
    }

    private static string Read(string workdir, string file) => File.ReadAllText(Path.Combine(workdir, file)).Trim();
}
