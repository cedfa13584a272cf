using Balsam.Jobs;
using Balsam.Sessions;
using Balsam.States;
using Balsam.Tests.Integration.Infrastructure;
using static Balsam.States.JobState;

namespace Balsam.Tests.Integration.Jobs;

[TestClass]
public sealed class AcquisitionTests
{
    [TestMethod]
    public async Task FourConcurrentAcquirersTakeEachOf2000JobsExactlyOnce()
    {
        await using var silo = await TestSilo.StartAsync(await TestPostgres.CreateDatabaseAsync("acquire4"));
        var world = await JobWorld.CreateAsync(silo);
        await world.Jobs.CreateAsync(Enumerable.Range(0, 2000).Select(i => world.Spec($"many/{i}")).ToList());
        var sessions = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => world.OpenSessionAsync()));

        var taken = await Task.WhenAll(sessions.Select(async session =>
        {
            var mine = new List<long>();
            while (true)
            {
                var batch = await session.AcquireAsync(new AcquireRequest { MaxJobs = 37 });
                if (batch.Count == 0)
                {
                    return mine;
                }

                Assert.IsTrue(batch.All(j => j.SessionId == session.GetPrimaryKeyLong()));
                mine.AddRange(batch.Select(j => j.Id));
            }
        }));

        var all = taken.SelectMany(ids => ids).ToList();
        Assert.AreEqual(2000, all.Count, "every job was acquired");
        Assert.AreEqual(2000, all.Distinct().Count(), "no job was acquired twice");
        Assert.IsTrue(taken.Count(ids => ids.Count > 0) >= 2, "the work was shared");
        Assert.AreEqual(0L, await world.Jobs.CountAsync(new JobQuery { States = [Preprocessed] }) -
            await CountLeasedAsync(world), "every runnable job is leased");
    }

    private static async Task<long> CountLeasedAsync(JobWorld world) =>
        (await world.Jobs.QueryAsync(new JobQuery { States = [Preprocessed] })).Count(j => j.SessionId is not null);

    [TestMethod]
    public async Task AnAcquireWhoseAnswerWasLostIsTakenBackByItsOwnSessionOnly()
    {
        await using var silo = await TestSilo.StartAsync(await TestPostgres.CreateDatabaseAsync("reclaim"));
        var world = await JobWorld.CreateAsync(silo);
        var created = await world.Jobs.CreateAsync(Enumerable.Range(0, 5).Select(i => world.Spec($"lost/{i}")).ToList());
        var mine = await world.OpenSessionAsync();
        var other = await world.OpenSessionAsync();

        var lost = await mine.AcquireAsync(new AcquireRequest { MaxJobs = 3 }); // written, but its answer never arrived
        Assert.HasCount(3, lost);

        var otherReclaim = await other.AcquireAsync(new AcquireRequest { MaxJobs = 10, Reclaim = true });
        CollectionAssert.AreEquivalent(created.Select(j => j.Id).Except(lost.Select(j => j.Id)).ToArray(), otherReclaim.Select(j => j.Id).ToArray(),
            "another session takes only free jobs");

        var plain = await mine.AcquireAsync(new AcquireRequest { MaxJobs = 10 });
        Assert.IsEmpty(plain, "a plain acquire never hands back what the session holds");
        // The reclaim asks for fewer jobs than the lost acquire leased (the launcher's budget is smaller by now): it
        // still gets every one of them back, or the rest would stay leased to a live session and never run.
        var reclaimed = await mine.AcquireAsync(new AcquireRequest { MaxJobs = 1, Reclaim = true });
        CollectionAssert.AreEquivalent(lost.Select(j => j.Id).ToArray(), reclaimed.Select(j => j.Id).ToArray(), "the session takes back all its own leases");
        Assert.IsTrue(reclaimed.All(j => j.SessionId == mine.GetPrimaryKeyLong()));
    }

    [TestMethod]
    public async Task TheNodeBudgetPacksJobsInTheSitesOrder()
    {
        await using var silo = await TestSilo.StartAsync(await TestPostgres.CreateDatabaseAsync("budget"));
        var world = await JobWorld.CreateAsync(silo);
        JobResources Nodes(int nodes, int packing = 1, int wall = 0) => new() { NumNodes = nodes, NodePackingCount = packing, WallTimeMin = wall };
        var created = await world.Jobs.CreateAsync(
        [
            world.Spec("pack/big", resources: Nodes(4, wall: 60)),
            world.Spec("pack/two", resources: Nodes(2, wall: 10)),
            world.Spec("pack/quarter-a", resources: Nodes(1, packing: 4)),
            world.Spec("pack/quarter-b", resources: Nodes(1, packing: 4)),
            world.Spec("pack/one", resources: Nodes(1, wall: 5)),
        ]);
        var id = created.ToDictionary(j => j.Workdir, j => j.Id);
        var session = await world.OpenSessionAsync();

        var first = await session.AcquireAsync(new AcquireRequest { MaxJobs = 100, MaxAggregateNodes = 2 });
        CollectionAssert.AreEquivalent(new[] { id["pack/quarter-a"], id["pack/quarter-b"], id["pack/one"] }, first.Select(j => j.Id).ToArray(),
            "small jobs first, packed: 1/4 + 1/4 + 1 = 1.5 nodes; the 2-node job would exceed 2");

        var second = await session.AcquireAsync(new AcquireRequest { MaxJobs = 100, MaxAggregateNodes = 4, Order = AcquireOrder.LongLargeFirst });
        CollectionAssert.AreEqual(new[] { id["pack/big"] }, second.Select(j => j.Id).ToArray(), "longest first: the 60-minute job fills 4 nodes");

        var serial = await session.AcquireAsync(new AcquireRequest { MaxJobs = 100, SerialOnly = true });
        Assert.AreEqual(0, serial.Count, "the 2-node job is not serial");
        var rest = await session.AcquireAsync(new AcquireRequest { MaxJobs = 100, MaxNodesPerJob = 2 });
        CollectionAssert.AreEqual(new[] { id["pack/two"] }, rest.Select(j => j.Id).ToArray());
    }

    [TestMethod]
    public async Task FilterTagsAndWallTimeLimitWhatALauncherGets()
    {
        await using var silo = await TestSilo.StartAsync(await TestPostgres.CreateDatabaseAsync("filters"));
        var world = await JobWorld.CreateAsync(silo);
        await world.Jobs.CreateAsync(
        [
            world.Spec("f/a", tags: new() { ["exp"] = "a", ["size"] = "s" }),
            world.Spec("f/b", tags: new() { ["exp"] = "b", ["size"] = "s" }),
            world.Spec("f/long", tags: new() { ["exp"] = "a" }, resources: new JobResources { WallTimeMin = 120 }),
        ]);
        var session = await world.OpenSessionAsync();

        var got = await session.AcquireAsync(new AcquireRequest { FilterTags = new() { ["exp"] = "a" }, MaxWallTimeMin = 60 });
        CollectionAssert.AreEqual(new[] { "f/a" }, got.Select(j => j.Workdir).ToArray());
    }

    [TestMethod]
    public async Task AnExpiredSessionReleasesItsLeasesAndTimesOutItsRunningJobs()
    {
        await using var silo = await TestSilo.StartAsync(await TestPostgres.CreateDatabaseAsync("expiry"),
            o => { o.Expiry = TimeSpan.FromSeconds(2); o.SweepPeriod = TimeSpan.FromMilliseconds(500); });
        var world = await JobWorld.CreateAsync(silo);
        var jobs = await world.Jobs.CreateAsync(Enumerable.Range(0, 4).Select(i => world.Spec($"exp/{i}")).ToList());
        var session = await world.OpenSessionAsync();
        var acquired = await session.AcquireAsync(new AcquireRequest { MaxJobs = 10 });
        Assert.AreEqual(4, acquired.Count);
        await world.Job(jobs[0].Id).UpdateAsync(new JobPatch { State = Running, SessionId = session.GetPrimaryKeyLong() });
        await world.Job(jobs[1].Id).UpdateAsync(new JobPatch { State = Running, SessionId = session.GetPrimaryKeyLong() });

        // The launcher goes silent: no tick, no acquire.
        var deadline = DateTime.UtcNow.AddSeconds(15);
        IReadOnlyList<JobRecord> now;
        do
        {
            await Task.Delay(250);
            now = await world.Jobs.QueryAsync(new JobQuery { Ids = [.. jobs.Select(j => j.Id)] });
        }
        while (now.Any(j => j.State == Running) && DateTime.UtcNow < deadline);

        Assert.AreEqual(RunTimeout, now.Single(j => j.Id == jobs[0].Id).State);
        Assert.AreEqual(RunTimeout, now.Single(j => j.Id == jobs[1].Id).State);
        Assert.IsTrue(now.All(j => j.SessionId is null), "every lease was released");
        var timeout = (await world.Jobs.EventsAsync(new EventQuery { JobIds = [jobs[0].Id], ToState = RunTimeout })).Single();
        StringAssert.Contains(timeout.Data, "Session expired");
        await Assert.ThrowsExactlyAsync<Balsam.Errors.ResourceNotFoundException>(() => session.GetAsync());

        var next = await world.OpenSessionAsync();
        var again = await next.AcquireAsync(new AcquireRequest { MaxJobs = 10 });
        CollectionAssert.AreEquivalent(new[] { jobs[2].Id, jobs[3].Id }, again.Select(j => j.Id).ToArray(),
            "the released runnable jobs are runnable again; the timed-out ones wait for their handler");
    }

    [TestMethod]
    public async Task AHeartbeatKeepsASessionAliveAndClosingReleasesIt()
    {
        await using var silo = await TestSilo.StartAsync(await TestPostgres.CreateDatabaseAsync("heartbeat"),
            o => { o.Expiry = TimeSpan.FromSeconds(2); o.SweepPeriod = TimeSpan.FromMilliseconds(500); });
        var world = await JobWorld.CreateAsync(silo);
        var job = await world.CreateAsync(world.Spec("hb/1"));
        var session = await world.OpenSessionAsync();
        await session.AcquireAsync(new AcquireRequest());
        await world.Job(job.Id).UpdateAsync(new JobPatch { State = Running, SessionId = session.GetPrimaryKeyLong() });

        for (var i = 0; i < 8; i++)
        {
            await Task.Delay(500);
            await session.TickAsync();
        }

        Assert.AreEqual(Running, (await world.Job(job.Id).GetAsync()).State, "4 s of ticks outlived a 2 s expiry");
        await session.CloseAsync();
        var closed = (await world.Jobs.QueryAsync(new JobQuery { Ids = [job.Id] })).Single();
        Assert.AreEqual(RunTimeout, closed.State);
        Assert.IsNull(closed.SessionId);
    }

    [TestMethod]
    public async Task AWholeNodeJobIsNotLeasedByALauncherWithNoIdleNodeButAPackedOneIs()
    {
        await using var silo = await TestSilo.StartAsync(await TestPostgres.CreateDatabaseAsync("acquire-whole"));
        var world = await JobWorld.CreateAsync(silo);
        var whole = await world.CreateAsync(world.Spec("w/whole", resources: new JobResources { NumNodes = 1 }));
        var packed = await world.CreateAsync(world.Spec("w/packed", resources: new JobResources { NumNodes = 1, NodePackingCount = 4 }));
        var session = await world.OpenSessionAsync();

        // Two nodes, each half used: one node's worth of capacity, but no node a whole-node job can have.
        var taken = await session.AcquireAsync(new AcquireRequest { MaxJobs = 10, MaxAggregateNodes = 1.0, MaxWholeNodesPerJob = 0 });

        CollectionAssert.AreEqual(new[] { packed.Id }, taken.Select(j => j.Id).ToArray());
        Assert.IsNull((await world.Job(whole.Id).GetAsync()).SessionId, "the whole-node job stays free for a launcher that can run it");
    }
}
