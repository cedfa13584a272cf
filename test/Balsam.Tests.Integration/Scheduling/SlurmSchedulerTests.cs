using Balsam.BatchJobs;
using Balsam.Launcher.Scheduling;
using Balsam.Launcher.Scheduling.Slurm;
using Balsam.Sites;
using Balsam.Tests.Integration.Infrastructure;

namespace Balsam.Tests.Integration.Scheduling;

/// <summary>SlurmScheduler against a real Slurm 22.05 (one node, partition debug) started by <see cref="TestSlurm"/>.</summary>
[TestClass]
public sealed class SlurmSchedulerTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private string _folder = "";
    private SlurmScheduler _slurm = null!;

    [TestInitialize]
    public async Task StartAsync()
    {
        _folder = Directory.CreateTempSubdirectory("balsam-slurm-").FullName;
        _slurm = new SlurmScheduler(new SlurmEnvironmentRunner(await TestSlurm.EnvironmentAsync()), Environment.UserName);
    }

    [TestCleanup]
    public void Cleanup() => Directory.Delete(_folder, recursive: true);

    [TestMethod]
    public async Task ASubmittedJobIsListedRunsFinishesAndHasLogTimes()
    {
        // The job runs in the submit folder (sbatch runs there), so ran.txt lands beside the script.
        var script = WriteScript("qlaunch00001.sh", "echo ran > ran.txt\nsleep 2\n");
        var id = await _slurm.SubmitAsync(Submission(script, 1, 5), CancellationToken.None);

        var listed = await WaitForAsync(async () =>
            (await _slurm.GetStatusesAsync(CancellationToken.None)).GetValueOrDefault(id) is { State: BatchJobState.Queued or BatchJobState.Running } s ? s : null);
        Assert.AreEqual("debug", listed.Queue);
        Assert.AreEqual(1, listed.NumNodes);
        Assert.AreEqual(5, listed.WallTimeMin);
        Assert.AreEqual("balsam", listed.Project);

        var ended = await WaitForAsync(async () =>
            (await _slurm.GetStatusesAsync(CancellationToken.None)).GetValueOrDefault(id) is { State: BatchJobState.Running or BatchJobState.Queued } ? null : "ended");
        Assert.AreEqual("ended", ended);
        Assert.AreEqual("ran", (await File.ReadAllTextAsync(Path.Combine(_folder, "ran.txt"))).Trim());
        Assert.IsTrue(File.Exists(script + ".output"), "sbatch -o <script>.output");

        var log = await _slurm.GetLogAsync(id, script, CancellationToken.None);
        Assert.IsNotNull(log.StartTime);
        Assert.IsNotNull(log.EndTime);
        Assert.IsTrue(log.EndTime >= log.StartTime.Value.AddSeconds(1), $"{log.StartTime} .. {log.EndTime}");
        Assert.IsTrue(Math.Abs((DateTimeOffset.UtcNow - log.EndTime.Value).TotalMinutes) < 5, $"end {log.EndTime} is UTC and recent");
    }

    [TestMethod]
    public async Task ADeletedJobIsCancelled()
    {
        var script = WriteScript("qlaunch00002.sh", "sleep 300\n");
        var id = await _slurm.SubmitAsync(Submission(script, 1, 10), CancellationToken.None);
        await WaitForAsync(async () => (await _slurm.GetStatusesAsync(CancellationToken.None)).GetValueOrDefault(id));

        await _slurm.DeleteAsync(id, CancellationToken.None);

        var cancelled = await WaitForAsync(async () =>
            (await _slurm.GetStatusesAsync(CancellationToken.None)).GetValueOrDefault(id) is { State: BatchJobState.Finished } s ? s : null);
        StringAssert.StartsWith(cancelled.SchedulerState, "CANCELLED");
    }

    [TestMethod]
    public async Task ARefusedSubmissionCarriesSbatchsMessage()
    {
        var script = WriteScript("qlaunch00003.sh", "true\n", queue: "no-such-partition");
        var submission = Submission(script, 1, 5) with { Queue = "no-such-partition" };

        var error = await Assert.ThrowsExactlyAsync<SchedulerException>(() => _slurm.SubmitAsync(submission, CancellationToken.None));
        StringAssert.Contains(error.Message, "error: Batch job submission failed: Invalid partition name specified");
    }

    [TestMethod]
    public async Task TheIdleNodeIsABackfillWindow()
    {
        // Earlier jobs of this class may still hold a core (node "mixed"): wait until the node is idle again.
        var windows = await WaitForAsync(async () =>
        {
            var found = await _slurm.GetBackfillWindowsAsync(CancellationToken.None);
            return found.ContainsKey("debug") ? found : null;
        });
        CollectionAssert.AreEqual(
            new[] { new BackfillWindow { NumNodes = 1, WallTimeMin = 365 * 24 * 60 } }, windows["debug"], "MaxTime=INFINITE partition");
    }

    /// <summary>A script as the site's job template renders it: the queue and project in #SBATCH lines.</summary>
    private string WriteScript(string name, string body, string queue = "debug")
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, $"#!/bin/bash\n#SBATCH --partition={queue}\n#SBATCH --account=balsam\n" + body);
        return path;
    }

    private static SchedulerSubmission Submission(string script, int nodes, int minutes) => new()
    {
        ScriptPath = script, Project = "balsam", Queue = "debug", NumNodes = nodes, WallTimeMin = minutes,
        Environment = new Dictionary<string, string> { ["BALSAM_BATCH_JOB_ID"] = "1" },
    };

    private static async Task<T> WaitForAsync<T>(Func<Task<T?>> probe)
        where T : class
    {
        var until = DateTime.UtcNow + Patience;
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            if (DateTime.UtcNow > until)
            {
                throw new AssertFailedException($"Slurm did not get there within {Patience.TotalSeconds} s");
            }

            await Task.Delay(200);
        }
    }
}
