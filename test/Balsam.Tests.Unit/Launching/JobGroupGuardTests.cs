using System.Diagnostics;
using Balsam.Launcher.Pilot.Spawn;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Balsam.Tests.Unit.Launching;

/// <summary>
/// The guard that kills a launcher's jobs when the launcher dies, run by a starter process of its own (as the launcher
/// runs it, with no environment of the launcher's) that is then killed with SIGKILL.
/// </summary>
[TestClass]
public sealed class JobGroupGuardTests
{
    [TestMethod]
    public async Task WhenTheLauncherDiesTheNamedGroupsDieAForgottenGroupAndAnUnnamedMarkerHolderLive()
    {
        // "named" is named to the guard; "forgotten" is named and then forgotten (its leader ended); "leftover" holds the
        // marker but no start is pending, as a daemon a finished job left behind.
        var alive = await AfterLauncherDeathAsync(["named", "forgotten"], ["leftover"],
            ["s 0", "+ $(cat named.pid)", "s 0", "+ $(cat forgotten.pid)", "- $(cat forgotten.pid)"]);

        Assert.IsFalse(alive["named"] || alive["named-child"], "the named group died with the launcher");
        Assert.IsTrue(alive["forgotten"] && alive["forgotten-child"], "a forgotten group is left alone");
        Assert.IsTrue(alive["leftover"] && alive["leftover-child"], "a marker holder is left alone when no start was pending");
    }

    [TestMethod]
    public async Task AJobStartedInTheInstantBeforeItWasNamedDiesByItsMarker()
    {
        // The launcher said a start began, then died before it could name the group: "marked" only holds the marker.
        var alive = await AfterLauncherDeathAsync(["named"], ["marked"], ["s 0", "+ $(cat named.pid)", "s 0"]);

        Assert.IsFalse(alive["named"] || alive["named-child"], "the named group died with the launcher");
        Assert.IsFalse(alive["marked"] || alive["marked-child"], "the group holding the marker died with the launcher");
    }

    [TestMethod]
    public async Task AGroupNamedTwiceIsForgottenAtOnceAndAFailedStartLeavesNoStartPending()
    {
        // A new guard catching up ("w") and the start's own "+" name the same group; one "-" forgets it. The failed
        // start ("x") ends the pending start, so the leftover holding the marker is not taken for it.
        var alive = await AfterLauncherDeathAsync(["forgotten"], ["leftover"],
            ["w $(cat forgotten.pid)", "s 0", "+ $(cat forgotten.pid)", "- $(cat forgotten.pid)", "s 0", "x 0"]);

        Assert.IsTrue(alive["forgotten"] && alive["forgotten-child"], "a group named twice and forgotten once is left alone");
        Assert.IsTrue(alive["leftover"] && alive["leftover-child"], "no start was pending");
    }

    /// <summary>
    /// Starts the guard and the jobs under a starter that alone holds the guard's pipe (as the launcher does), sends the
    /// lines, kills the starter with SIGKILL and says which jobs and children are alive once the guard is done.
    /// </summary>
    private static async Task<Dictionary<string, bool>> AfterLauncherDeathAsync(string[] jobs, string[] markerHolders, string[] lines)
    {
        using var temp = new TempWorkdir("balsam-guard-");
        var workdir = temp.Path;
        // Each job leads its own session and leaves a child behind; it writes its own pid (its group's id) and its
        // child's. None of them holds the write end (the launcher's is closed on exec).
        string Job(string name) => $"setsid /bin/sh -c 'sleep 600 & echo $! > {name}-child.pid; echo $$ > {name}.pid; wait' {name} 5>&-";
        string[] names = [.. jobs, .. markerHolders];
        var starter = string.Join('\n', [
            "mkfifo guard",
            "setsid env -i /bin/sh -c \"$GUARD\" balsam-job-guard < guard &",
            "exec 5> guard",
            .. jobs.Select(name => $"{Job(name)} &"),
            .. markerHolders.Select(name => $"{Job(name)} {JobGroupGuard.MarkerFd}< guard &"),
            $"until {string.Join(" && ", names.Select(name => $"[ -s {name}.pid ] && [ -s {name}-child.pid ]"))}; do sleep 0.05; done",
            .. lines.Select(line => $"echo \"{line}\" >&5"),
            "echo sent > sent",
            "exec sleep 1000"]);
        using var process = Process.Start(new ProcessStartInfo("/bin/bash")
        {
            ArgumentList = { "-c", starter }, WorkingDirectory = workdir, UseShellExecute = false,
            Environment = { ["GUARD"] = JobGroupGuard.Script },
        })!;
        var pids = new Dictionary<string, int>();
        try
        {
            foreach (var name in names.SelectMany(name => new[] { name, $"{name}-child" }))
            {
                pids[name] = int.Parse(await ProcessProbe.ContentAsync(Path.Combine(workdir, $"{name}.pid")));
            }

            Assert.AreEqual("sent", await ProcessProbe.ContentAsync(Path.Combine(workdir, "sent")));
            Assert.IsTrue(pids.Values.All(ProcessProbe.Alive), "every job and child runs");

            process.Kill(); // SIGKILL: only the guard can clean up
            await process.WaitForExitAsync();
            // The guard ends once it has killed what it kills.
            var clock = Stopwatch.StartNew();
            while (GuardRuns(workdir) && clock.Elapsed < TimeSpan.FromSeconds(10))
            {
                await Task.Delay(50);
            }

            await Task.Delay(200);
            return pids.ToDictionary(p => p.Key, p => ProcessProbe.Alive(p.Value));
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }

            foreach (var pid in pids.Values)
            {
                try
                {
                    Process.GetProcessById(pid).Kill();
                }
                catch (Exception e) when (e is ArgumentException or InvalidOperationException)
                {
                }
            }
        }
    }

    /// <summary>Whether a guard started in <paramref name="workdir"/> still runs (its working folder is the workdir).</summary>
    private static bool GuardRuns(string workdir) =>
        Directory.EnumerateDirectories("/proc").Any(dir =>
        {
            try
            {
                return File.ReadAllText(Path.Combine(dir, "cmdline")).Contains("balsam-job-guard", StringComparison.Ordinal)
                       && new DirectoryInfo(Path.Combine(dir, "cwd")).LinkTarget == workdir && ProcessProbe.Alive(int.Parse(Path.GetFileName(dir)));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
            {
                return false;
            }
        });
}
