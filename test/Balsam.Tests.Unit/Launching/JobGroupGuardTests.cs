using System.Diagnostics;
using Balsam.Launcher.Pilot.Spawn;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Balsam.Tests.Unit.Launching;

/// <summary>
/// The guard that kills a launcher's jobs when the launcher dies, run by a starter process of its own (as the launcher
/// runs it) that is then killed with SIGKILL.
/// </summary>
[TestClass]
public sealed class JobGroupGuardTests
{
    [TestMethod]
    public async Task WhenTheLauncherDiesTheGroupsItNamedAndTheJobsHoldingTheMarkerDieAForgottenGroupLives()
    {
        using var temp = new TempWorkdir("balsam-guard-");
        var workdir = temp.Path;
        // Each job leads its own session and leaves a child behind; it writes its own pid (its group's id) and its child's.
        // None of them holds the write end (the launcher's is closed on exec).
        string Job(string name) => $"setsid /bin/sh -c 'sleep 600 & echo $! > {name}-child.pid; echo $$ > {name}.pid; wait' {name} 5>&-";
        // The starter holds the only write end of the guard's pipe, as the launcher does: "named" is named to the guard,
        // "marked" only holds the marker (started in the instant before its name would have been sent), "forgotten" is
        // named and then forgotten (its leader ended, as far as the guard knows).
        var starter = string.Join('\n',
            "mkfifo guard",
            $"setsid /bin/sh -c \"$GUARD\" balsam-job-guard < guard &",
            "exec 5> guard",
            $"{Job("named")} &",
            $"{Job("marked")} {JobGroupGuard.MarkerFd}< guard &",
            $"{Job("forgotten")} &",
            "until [ -s named.pid ] && [ -s forgotten.pid ]; do sleep 0.05; done",
            "echo \"+ $(cat named.pid)\" >&5",
            "echo \"+ $(cat forgotten.pid)\" >&5",
            "echo \"- $(cat forgotten.pid)\" >&5",
            "echo sent > sent",
            "exec sleep 1000");
        using var process = Process.Start(new ProcessStartInfo("/bin/bash")
        {
            ArgumentList = { "-c", starter }, WorkingDirectory = workdir, UseShellExecute = false,
            Environment = { ["GUARD"] = JobGroupGuard.Script },
        })!;
        var pids = new Dictionary<string, int>();
        try
        {
            foreach (var name in new[] { "named", "named-child", "marked", "marked-child", "forgotten", "forgotten-child" })
            {
                pids[name] = int.Parse(await ProcessProbe.ContentAsync(Path.Combine(workdir, $"{name}.pid")));
            }

            await ProcessProbe.ContentAsync(Path.Combine(workdir, "sent"));
            Assert.IsTrue(pids.Values.All(ProcessProbe.Alive), "every job and child runs");

            process.Kill(); // SIGKILL: only the guard can clean up
            await process.WaitForExitAsync();
            var clock = Stopwatch.StartNew();
            string[] dying = ["named", "named-child", "marked", "marked-child"];
            while (dying.Any(name => ProcessProbe.Alive(pids[name])) && clock.Elapsed < TimeSpan.FromSeconds(10))
            {
                await Task.Delay(50);
            }

            Assert.IsFalse(ProcessProbe.Alive(pids["named"]) || ProcessProbe.Alive(pids["named-child"]), "the named group died with the launcher");
            Assert.IsFalse(ProcessProbe.Alive(pids["marked"]) || ProcessProbe.Alive(pids["marked-child"]), "the group holding the marker died with the launcher");
            Assert.IsTrue(ProcessProbe.Alive(pids["forgotten"]) && ProcessProbe.Alive(pids["forgotten-child"]), "a forgotten group is left alone");
        }
        finally
        {
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
}
