using Balsam.Client.Jobs;
using Balsam.Errors;
using Balsam.Jobs;
using Balsam.Sessions;
using Balsam.States;

namespace Balsam.Tests.Integration.Faults;

/// <summary>
/// SIGTERM stops the site runtime gracefully: a launcher reports its jobs before it closes its session, and the site agent
/// finishes the cycle it is in (its hooks and their reports) before it exits.
/// </summary>
[TestClass]
[DoNotParallelize] // real processes competing for the two cores
public sealed class GracefulStopTests
{
    [TestMethod]
    public async Task ALauncherToldToStopReportsItsJobsBeforeItClosesItsSession()
    {
        await using var world = await FaultWorld.StartAsync("launcher-term");
        var site = await world.SiteAsync("launcher-term", FaultWorld.LauncherSettings());
        var ids = (await world.MarkJobsAsync(site, 4, slots: 4, command: "sleep 60")).Select(j => j.Id).ToList();
        var launcher = world.StartLauncher(site);
        string Diagnostics() => $"launcher:{Environment.NewLine}{launcher.Output}";
        Assert.IsTrue(await world.WaitForStatesAsync(ids, TimeSpan.FromSeconds(60), JobState.Running), Diagnostics());
        var sessionId = (await world.Jobs.QueryAsync(new JobQuery { Ids = [.. ids] })).Select(j => j.SessionId).Distinct().Single()!.Value;

        launcher.Terminate();
        Assert.AreEqual(0, await launcher.WaitForExitAsync(TimeSpan.FromSeconds(60)), Diagnostics());

        // Had the session closed first, it would have timed the jobs out itself and refused the launcher's reports.
        var timeouts = await world.Jobs.EventsAsync(new EventQuery { JobIds = ids, ToState = JobState.RunTimeout });
        Assert.HasCount(4, timeouts, Diagnostics());
        foreach (var timeout in timeouts)
        {
            StringAssert.Contains(timeout.Data, "The launcher stopped the job", Diagnostics());
            Assert.DoesNotContain(SessionExpiryOptions.ClosedMessage, timeout.Data);
        }

        Assert.DoesNotContain("refused", launcher.Output);
        var closedLine = launcher.Output.IndexOf($"Session {sessionId} closed", StringComparison.Ordinal);
        Assert.IsGreaterThanOrEqualTo(0, closedLine, Diagnostics());
        await Assert.ThrowsAsync<ResourceNotFoundException>(() => world.Client.Cluster.GetGrain<ISessionGrain>(sessionId).GetAsync());
    }

    [TestMethod]
    public async Task ASiteAgentToldToStopFinishesTheHooksOfItsCycleFirst()
    {
        await using var world = await FaultWorld.StartAsync("agent-term");
        var site = await world.SiteAsync(SlowHook.SiteName, FaultWorld.LauncherSettings());
        var balsam = world.Client;
        await balsam.Apps.SyncAsync<SlowHook>();
        var jobs = await balsam.Jobs.BulkCreateAsync(Enumerable.Range(0, 2)
            .Select(i => balsam.Jobs.New<SlowHook>($"h/{i}", options: new JobOptions { NodePackingCount = 4 })));
        var ids = jobs.Select(j => j.Id).ToList();
        var launcher = world.StartLauncher(site);
        var agent = world.StartBalsam(site.Path, "site", "agent", "--site", site.Id.ToString());
        string Diagnostics() => $"agent:{Environment.NewLine}{agent.Output}{Environment.NewLine}launcher:{Environment.NewLine}{launcher.Output}";

        var started = Path.Combine(site.Path, "data", $"hook-{ids[0]}.started");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!File.Exists(started))
        {
            Assert.IsTrue(DateTime.UtcNow < deadline, $"the postprocess hook began{Environment.NewLine}{Diagnostics()}");
            await Task.Delay(50);
        }

        agent.Terminate();
        Assert.AreEqual(0, await agent.WaitForExitAsync(TimeSpan.FromSeconds(60)), Diagnostics());

        // No agent runs any more: what the job shows is what the stopped agent's last cycle reported.
        var job = (await world.Jobs.QueryAsync(new JobQuery { Ids = [ids[0]] })).Single();
        Assert.IsTrue(job.State is JobState.Postprocessed or JobState.JobFinished, $"job {job.Id} is {job.State}{Environment.NewLine}{Diagnostics()}");
    }
}
