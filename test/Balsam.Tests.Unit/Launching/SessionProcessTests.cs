using Balsam.Launcher.Pilot.Mpi;
using Balsam.Launcher.Pilot.Spawn;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Balsam.Tests.Unit.Launching;

/// <summary>How a job's shell is started: a session of its own, default signals, the launcher's pipe on stdin.</summary>
[TestClass]
public sealed class SessionProcessTests
{
    [TestMethod]
    public async Task AStartedProcessLeadsItsOwnSessionWithDefaultSignalsInItsDirectoryAndTheGivenVariables()
    {
        using var temp = new TempWorkdir("balsam-spawn-");
        var workdir = temp.Path;
        // Field 6 of /proc/PID/stat is the session id; SigIgn and SigBlk are the ignored and blocked signal masks. The shell
        // reads its own masks with builtins only, before it starts any child: dash blocks every signal while it waits for one.
        var script = "read -r _ _ _ _ _ sid _ < /proc/$$/stat; echo \"$$ $sid\" > ids; "
                     + "while read -r line; do case \"$line\" in SigBlk*|SigIgn*) echo \"$line\";; esac; done < /proc/$$/status > signals; "
                     + "pwd > dir; echo \"$GREETING\" > greeting";
        using var process = SessionProcess.Start(new LaunchCommand(["/bin/sh", "-c", script], new Dictionary<string, string> { ["GREETING"] = "hello" }, workdir));
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.AreEqual(0, process.ExitCode);
        var ids = File.ReadAllText(Path.Combine(workdir, "ids")).Split(' ', StringSplitOptions.TrimEntries);
        Assert.AreEqual(process.Id.ToString(), ids[0]);
        Assert.AreEqual(ids[0], ids[1], "the process is its session's leader");
        var masks = File.ReadAllLines(Path.Combine(workdir, "signals"));
        Assert.HasCount(2, masks, "both masks were read");
        foreach (var line in masks)
        {
            StringAssert.EndsWith(line, "0000000000000000", "no signal is ignored or blocked (the runtime ignores SIGPIPE; a job must not)");
        }

        Assert.AreEqual(workdir, File.ReadAllText(Path.Combine(workdir, "dir")).Trim());
        Assert.AreEqual("hello", File.ReadAllText(Path.Combine(workdir, "greeting")).Trim());
    }

    [TestMethod]
    public async Task AnExitBySignalReportsOneHundredTwentyEightPlusTheSignal()
    {
        using var process = SessionProcess.Start(new LaunchCommand(["/bin/sh", "-c", "kill -TERM $$"], new Dictionary<string, string>(), "/"));
        Assert.AreEqual(143, await process.Exited.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [TestMethod]
    public async Task StopReachesEveryProcessOfTheGroupAndEndsAStubbornOneByForce()
    {
        using var temp = new TempWorkdir("balsam-stop-");
        var workdir = temp.Path;
        // The shell ignores SIGTERM; its child does not.
        using var process = SessionProcess.Start(new LaunchCommand(
            ["/bin/sh", "-c", "trap '' TERM; sleep 600 & echo $! > child; wait; sleep 600"], new Dictionary<string, string>(), workdir));
        var child = Path.Combine(workdir, "child");
        for (var i = 0; i < 200 && !(File.Exists(child) && File.ReadAllText(child).Trim().Length > 0); i++)
        {
            await Task.Delay(25);
        }

        var childPid = int.Parse(File.ReadAllText(child).Trim());
        await process.StopAsync(TimeSpan.FromMilliseconds(500)).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.AreEqual(128 + 9, process.ExitCode, "the shell that ignored SIGTERM was killed after the grace period");
        // The child inherited the ignored SIGTERM, so the group's SIGKILL ends it too; a signal already sent can take a
        // moment on a busy machine to end a process the shell's exit did not wait for.
        for (var i = 0; i < 200 && ProcessProbe.Alive(childPid); i++)
        {
            await Task.Delay(25);
        }

        Assert.IsFalse(ProcessProbe.Alive(childPid), "its child ended with the group");
    }

    [TestMethod]
    public void AProgramThatCannotStartIsAnErrorNamingIt()
    {
        var error = Assert.ThrowsExactly<IOException>(() =>
            SessionProcess.Start(new LaunchCommand(["/no/such/shell", "-c", "true"], new Dictionary<string, string>(), "/")));
        StringAssert.Contains(error.Message, "/no/such/shell");
    }
}
