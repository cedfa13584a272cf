using System.Diagnostics;
using Balsam.Launcher.Pilot;
using Balsam.Launcher.Pilot.Mpi;
using Balsam.Launcher.Pilot.Spawn;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Balsam.Tests.Unit.Launching;

/// <summary>
/// The shell a job with a preamble starts in: its exit is recorded in the workdir, and it dies with whoever started it.
/// </summary>
[TestClass]
public sealed class JobShellTests
{
    [TestMethod]
    public async Task AJobThatEndsByItselfRecordsItsExitCodeAndSessionInItsWorkdir()
    {
        using var temp = new TempWorkdir("balsam-exit-");
        var workdir = temp.Path;
        var command = new LaunchCommand(["/bin/sh", "-c", "echo working; exit 3"], new Dictionary<string, string> { ["BALSAM_SESSION_ID"] = "42" }, workdir);
        using var process = ProcessGroups.Start(command, Path.Combine(workdir, "job.out"), ["export STAGE=1"]);
        await process.WaitForExitAsync();

        Assert.AreEqual(3, process.ExitCode, "the job's exit code is the shell's");
        Assert.AreEqual(new ExitRecord(3, 42), ExitRecord.Read(workdir));
        Assert.AreEqual("working", File.ReadAllText(Path.Combine(workdir, "job.out")).Trim());
    }

    [TestMethod]
    public async Task WhenItsStarterDiesTheJobAndEveryProcessItStartedDieToo()
    {
        using var temp = new TempWorkdir("balsam-orphan-");
        var workdir = temp.Path;
        // The starter is a process of its own that alone holds the write end of the job's standard input (as the
        // launcher does), killed with SIGKILL.
        var job = Path.Combine(workdir, "job.sh");
        File.WriteAllText(job, "sleep 60 & echo $! > child.pid; echo $$ > job.pid; wait; echo finished > mark\n");
        var starter = Process.Start(new ProcessStartInfo("/bin/sh")
        {
            ArgumentList =
            {
                "-c", $"cd '{workdir}' && mkfifo stdin && (setsid /bin/sh -c \"$0\" balsam-job /bin/sh job.sh <stdin &) && exec 5>stdin && exec sleep 1000",
                Script,
            },
            UseShellExecute = false,
            Environment = { ["BALSAM_JOB_OUTPUT"] = Path.Combine(workdir, "job.out") },
        })!;
        var pids = await PidsAsync(workdir);
        Assert.IsTrue(pids.All(ProcessProbe.Alive), "the job and its child run");

        starter.Kill(); // SIGKILL: the job's shell cannot clean up, only the watchdog can
        await starter.WaitForExitAsync();
        var clock = Stopwatch.StartNew();
        while (pids.Any(ProcessProbe.Alive) && clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(50);
        }

        Assert.IsFalse(pids.Any(ProcessProbe.Alive), $"every process of the job died with its starter (alive after {clock.Elapsed.TotalSeconds:F1} s)");
        Assert.IsFalse(File.Exists(Path.Combine(workdir, "mark")), "the job did not go on to its end");
        Assert.IsNull(ExitRecord.Read(workdir), "a killed run records no exit: it must run again");
    }

    [TestMethod]
    public async Task AJobsPreambleAndCommandRunUnderBashWhereItExists()
    {
        Assert.AreEqual(File.Exists("/bin/bash") ? "/bin/bash" : "/bin/sh", JobShell.Path);
        using var temp = new TempWorkdir("balsam-bash-");
        var workdir = temp.Path;
        File.WriteAllText(Path.Combine(workdir, "env.sh"), "GREETING=sourced\n");
        var command = new LaunchCommand([JobShell.Path, "-c", "[[ 1 == 1 ]] && echo \"bash $GREETING\""], new Dictionary<string, string>(), workdir);
        var inShell = ProcessGroups.InJobShell(command, Path.Combine(workdir, "job.out"), ["source ./env.sh", "export GREETING"]);
        Assert.AreEqual(JobShell.Path, inShell.Argv[0], "the script runs under the job shell");

        using var process = SessionProcess.Start(inShell);
        await process.WaitForExitAsync();
        Assert.AreEqual(0, process.ExitCode, File.ReadAllText(Path.Combine(workdir, "job.out")));
        Assert.AreEqual("bash sourced", File.ReadAllText(Path.Combine(workdir, "job.out")).Trim());
    }

    [TestMethod]
    public async Task AShellLineSeesThePreamblesFunctionsAndItsExitIsTheJobs()
    {
        using var temp = new TempWorkdir("balsam-line-");
        var workdir = temp.Path;
        // A module system defines a shell function in the preamble; the command line calls it.
        var command = new LaunchCommand([JobShell.Path, "-c", "module load x && echo \"args:$#\"; exit 7"], new Dictionary<string, string>(), workdir);
        using var process = ProcessGroups.Start(command, Path.Combine(workdir, "job.out"), ["module() { echo \"module $*\"; }"]);
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.AreEqual(7, process.ExitCode, File.ReadAllText(Path.Combine(workdir, "job.out")));
        Assert.AreEqual("module load x\nargs:0", File.ReadAllText(Path.Combine(workdir, "job.out")).Trim());
        Assert.AreEqual(7, ExitRecord.Read(workdir)?.ExitCode);
    }

    [TestMethod]
    public async Task AStopEndsAShellLineWithoutRunningItsRest()
    {
        using var temp = new TempWorkdir("balsam-line-stop-");
        var workdir = temp.Path;
        // After a preamble the line runs in a subshell of the job's shell, whose own TERM trap must not shield it.
        var command = new LaunchCommand([JobShell.Path, "-c", "touch started; sleep 600; touch after"], new Dictionary<string, string>(), workdir);
        using var process = ProcessGroups.Start(command, Path.Combine(workdir, "job.out"), ["export STAGE=1"]);
        for (var i = 0; i < 400 && !File.Exists(Path.Combine(workdir, "started")); i++)
        {
            await Task.Delay(25);
        }

        await process.StopAsync(TimeSpan.FromSeconds(10)).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.AreEqual(128 + 15, process.ExitCode, "SIGTERM ended the line, and the job shell reported it");
        Assert.AreEqual(128 + 15, ExitRecord.Read(workdir)?.ExitCode);
        Assert.IsFalse(File.Exists(Path.Combine(workdir, "after")), "the rest of the line did not run");
    }

    /// <summary>The job shell's script as the launcher runs it (the launcher's own start goes through this same method).</summary>
    private static string Script
    {
        get
        {
            var command = new LaunchCommand(["true"], new Dictionary<string, string>(), "/");
            return ProcessGroups.InJobShell(command, "/dev/null", null).Argv[2];
        }
    }

    private static async Task<int[]> PidsAsync(string workdir)
    {
        var files = new[] { "job.pid", "child.pid" }.Select(f => Path.Combine(workdir, f)).ToArray();
        for (var i = 0; i < 200 && !files.All(f => File.Exists(f) && File.ReadAllText(f).Trim().Length > 0); i++)
        {
            await Task.Delay(50);
        }

        return files.Select(f => int.Parse(File.ReadAllText(f).Trim())).ToArray();
    }
}
