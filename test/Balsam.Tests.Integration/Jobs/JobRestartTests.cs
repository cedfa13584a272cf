using Balsam.Jobs;
using Balsam.Sessions;
using Balsam.Tests.Integration.Infrastructure;
using static Balsam.States.JobState;

namespace Balsam.Tests.Integration.Jobs;

/// <summary>A silo that stops in the middle of a job's lifecycle loses nothing: states, events, leases and DAG edges.</summary>
[TestClass]
public sealed class JobRestartTests
{
    [TestMethod]
    public async Task ASiloRestartInTheMiddleOfALifecycleLosesNothing()
    {
        var database = await TestPostgres.CreateDatabaseAsync("jobrestart");
        long siteId, running, waitingChild, runnable, sessionId;
        await using (var silo = await TestSilo.StartAsync(database))
        {
            var world = await JobWorld.CreateAsync(silo);
            siteId = world.SiteId;
            var jobs = await world.Jobs.CreateAsync([world.Spec("restart/a"), world.Spec("restart/b")]);
            running = jobs[0].Id;
            runnable = jobs[1].Id;
            waitingChild = (await world.CreateAsync(world.Spec("restart/child", parents: [running]))).Id;
            var session = await world.OpenSessionAsync();
            sessionId = session.GetPrimaryKeyLong();
            await session.AcquireAsync(new AcquireRequest { MaxJobs = 1 });
            await world.Job(running).UpdateAsync(new JobPatch { State = Running, SessionId = sessionId, Data = """{"step": 1}""" });
        }

        await using (var silo = await TestSilo.StartAsync(database))
        {
            silo.User = "jobs-user";
            var world = new JobWorld(silo, siteId);
            var session = silo.Grains.GetGrain<ISessionGrain>(sessionId);
            Assert.AreEqual(siteId, (await session.GetAsync()).SiteId, "the session survived");

            var afterRestart = (await world.Jobs.QueryAsync(new JobQuery { SiteIds = [siteId] })).ToDictionary(j => j.Id);
            Assert.AreEqual(Running, afterRestart[running].State);
            Assert.AreEqual(sessionId, afterRestart[running].SessionId);
            Assert.AreEqual("""{"step": 1}""", afterRestart[running].Data);
            Assert.AreEqual(AwaitingParents, afterRestart[waitingChild].State);
            Assert.AreEqual(Preprocessed, afterRestart[runnable].State);

            Assert.AreEqual(JobFinished, (await world.ReportAsync(running, sessionId, RunDone)).State);
            Assert.AreEqual(Preprocessed, (await world.Job(waitingChild).GetAsync()).State, "the DAG edge survived the restart");
            CollectionAssert.AreEqual(
                new[] { Created, StagedIn, Preprocessed, Running, RunDone },
                (await world.EventsAsync(running)).Select(e => e.From).ToArray());
        }
    }
}
