using System.Diagnostics;
using Balsam.Jobs;
using Balsam.States;

namespace Balsam.Tests.Integration.Faults;

/// <summary>
/// A launcher killed with SIGKILL mid-run (300 short jobs) takes its job processes with it; a new launcher finishes the
/// work. Every job finishes, runs to its end exactly once, no two runs of one job overlap, and the jobs the kill
/// interrupted show the SPEC re-run (RUN_TIMEOUT, then RUNNING again) in their events.
/// </summary>
[TestClass]
[DoNotParallelize] // real processes competing for the two cores
public sealed class LauncherKillTests
{
    private const int JobCount = 300;

    /// <summary>
    /// How long the killed launcher's jobs may take to die: the guard (or, after a preamble, a job shell's watchdog) reads
    /// the launcher's pipe and kills their groups when it closes.
    /// </summary>
    private static readonly TimeSpan WatchdogReaction = TimeSpan.FromMilliseconds(300);

    /// <summary>
    /// Longer than the 30 s between a busy launcher's heartbeats (a launcher that has leased enough jobs does not acquire,
    /// so only its tick keeps its session alive), short enough that the killed launcher's jobs come back in the test's time.
    /// </summary>
    private static readonly TimeSpan SessionExpiry = TimeSpan.FromSeconds(40);

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task ALauncherKilledMidRunTakesItsJobsWithItAndTheNextRunsEachJobOnceWithoutOverlap()
    {
        await using var world = await FaultWorld.StartAsync("launcher-kill", sessionExpiry: SessionExpiry);
        var site = await world.SiteAsync("launcher-kill", FaultWorld.LauncherSettings(slots: 8));
        var ids = (await world.MarkJobsAsync(site, JobCount, slots: 8, FaultWorld.TimedMarkCommand)).Select(j => j.Id).ToList();
        var clock = Stopwatch.StartNew();
        // The site agent moves the killed launcher's timed-out jobs on (RUN_TIMEOUT to RESTART_READY), as SPEC's handle_timeout says.
        var agent = world.StartBalsam(site.Path, "site", "agent", "--site", site.Id.ToString());
        var first = world.StartLauncher(site);
        BalsamProcess? second = null;
        string Diagnostics() => $"first launcher:{Environment.NewLine}{first.Output}{Environment.NewLine}second launcher:{Environment.NewLine}" +
            $"{second?.Output}{Environment.NewLine}agent:{Environment.NewLine}{agent.Output}";

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        // Kill while runs are under way whose RUNNING report has had time to reach the service.
        bool ReadyToKill(List<TimedRun> runs) => runs.Count(r => r.End is not null) >= 30
            && runs.Count(r => r.End is null && DateTimeOffset.UtcNow - r.Start > TimeSpan.FromSeconds(0.25)) >= 2;
        while (!ReadyToKill(FaultWorld.Runs(site)) && !first.HasExited)
        {
            Assert.IsTrue(DateTime.UtcNow < deadline, $"the first launcher ran 30 jobs{Environment.NewLine}{Diagnostics()}");
            await Task.Delay(50);
        }

        var killedAt = DateTimeOffset.UtcNow;
        var killedAfter = clock.Elapsed;
        first.Kill();
        var beforeKill = FaultWorld.Runs(site).Where(r => r.Start <= killedAt).ToList();
        second = world.StartLauncher(site); // its idle time outlives the killed session's expiry

        var states = await world.WaitForDoneAsync(ids, TimeSpan.FromSeconds(60));
        var runs = FaultWorld.Runs(site);
        var byJob = runs.GroupBy(r => r.JobId).ToDictionary(g => g.Key, g => g.OrderBy(r => r.Start).ToList());
        var interrupted = runs.Where(r => r.Start <= killedAt && r.End is null).Select(r => r.JobId).ToHashSet();
        var events = await world.Jobs.EventsAsync(new EventQuery { JobIds = ids });
        var knownRunning = interrupted.Where(job => events.Any(e => e.JobId == job && e.To == JobState.Running && e.Timestamp <= killedAt)).ToList();
        var completed = byJob.ToDictionary(j => j.Key, j => j.Value.Count(r => r.End is not null));
        TestContext.WriteLine(FaultWorld.Verdict("launcher-kill", TimeSpan.Zero, ids, states, completed, clock.Elapsed) +
            $", runs cut short by the kill {interrupted.Count}, jobs started before the kill {beforeKill.Count}, killed after {killedAfter.TotalSeconds:F0} s, " +
            $"re-run after RUN_TIMEOUT {knownRunning.Count}");

        Assert.IsTrue(ids.All(id => states[id].State == JobState.JobFinished), $"{FaultWorld.Summary(states)}{Environment.NewLine}{Diagnostics()}");
        // A run that wrote its last mark in the very instant of the kill, before its shell could record the exit, was still
        // cut by the kill: SPEC runs it again after RUN_TIMEOUT, visibly. Anything else must have run to its end exactly once.
        var cutAtItsLastLine = ids.Where(id => completed.GetValueOrDefault(id) == 2 && byJob[id][0].End is { } end
            && (end - killedAt).Duration() < TimeSpan.FromSeconds(1) && events.Any(e => e.JobId == id && e.To == JobState.RunTimeout)).ToHashSet();
        TestContext.WriteLine($"runs cut at their last line by the kill and re-run after RUN_TIMEOUT: {cutAtItsLastLine.Count}");
        var notOnce = ids.Where(id => !cutAtItsLastLine.Contains(id) && completed.GetValueOrDefault(id) != 1).Select(id => $"{id}:{completed.GetValueOrDefault(id)}").ToList();
        Assert.IsEmpty(notOnce, $"jobs not run to their end exactly once: {string.Join(", ", notOnce.Take(20))}{Environment.NewLine}{Diagnostics()}");

        // The killed launcher's jobs died with it: none of its runs wrote an end line after the kill.
        var orphans = runs.Where(r => r.Start <= killedAt && r.End > killedAt + WatchdogReaction).ToList();
        Assert.IsEmpty(orphans, $"runs of the killed launcher went on: {string.Join(", ", orphans.Take(10))}");

        // No two runs of one job overlapped: each ended (or was killed with its launcher) before the next began.
        foreach (var (job, jobRuns) in byJob)
        {
            for (var i = 1; i < jobRuns.Count; i++)
            {
                var previousEnd = jobRuns[i - 1].End ?? killedAt + WatchdogReaction;
                Assert.IsTrue(previousEnd <= jobRuns[i].Start, $"job {job}: run {jobRuns[i - 1]} overlaps {jobRuns[i]}");
            }
        }

        // The interrupted jobs that the service knew to be RUNNING were re-run as SPEC says, visibly: RUN_TIMEOUT, then
        // RUNNING again. (A run killed before its RUNNING report arrived left the job leased, not running: it is simply
        // handed out again when the session expires.)
        Assert.IsNotEmpty(knownRunning, $"the kill interrupted runs the service knew of{Environment.NewLine}{Diagnostics()}");
        foreach (var job in knownRunning)
        {
            var moves = events.Where(e => e.JobId == job).OrderBy(e => e.Timestamp).Select(e => e.To).ToList();
            var timedOut = moves.IndexOf(JobState.RunTimeout);
            Assert.IsTrue(timedOut >= 0 && moves.Skip(timedOut).Contains(JobState.Running),
                $"job {job}: {string.Join(" > ", moves)}{Environment.NewLine}{Diagnostics()}");
        }

        Assert.IsFalse(second.HasExited, $"the second launcher is still working{Environment.NewLine}{Diagnostics()}");
        Assert.IsLessThan(90.0, clock.Elapsed.TotalSeconds, "the scenario stays bounded");
    }
}
