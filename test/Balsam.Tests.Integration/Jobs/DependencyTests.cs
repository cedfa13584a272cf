using Balsam.Errors;
using Balsam.Jobs;
using Balsam.Sessions;
using Balsam.Tests.Integration.Infrastructure;
using static Balsam.States.JobState;

namespace Balsam.Tests.Integration.Jobs;

[TestClass]
public sealed class DependencyTests
{
    private static TestSilo _silo = null!;
    private static JobWorld _world = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext _)
    {
        _silo = await TestSilo.StartAsync(await TestPostgres.CreateDatabaseAsync("dag"));
        _world = await JobWorld.CreateAsync(_silo);
    }

    [ClassCleanup]
    public static async Task StopAsync() => await _silo.DisposeAsync();

    private static async Task RunAllRunnableAsync(ISessionGrain session)
    {
        foreach (var job in await session.AcquireAsync(new AcquireRequest { MaxJobs = 1000 }))
        {
            await _world.RunAsync(job.Id, session.GetPrimaryKeyLong());
        }
    }

    [TestMethod]
    public async Task AThreeLevelDagCompletesLevelByLevel()
    {
        var root = await _world.CreateAsync(_world.Spec("dag/root", tags: new() { ["dag"] = "three" }));
        var middle = (await _world.Jobs.CreateAsync(
        [
            _world.Spec("dag/mid-a", parents: [root.Id], tags: new() { ["dag"] = "three" }),
            _world.Spec("dag/mid-b", parents: [root.Id], tags: new() { ["dag"] = "three" }),
        ])).ToList();
        var leaf = await _world.CreateAsync(_world.Spec("dag/leaf", parents: middle.Select(m => m.Id), tags: new() { ["dag"] = "three" }));
        Assert.IsTrue(middle.All(m => m.State == AwaitingParents));
        Assert.AreEqual(AwaitingParents, leaf.State);
        CollectionAssert.AreEqual(middle.Select(m => m.Id).Order().ToArray(), leaf.ParentIds.ToArray());

        var session = await _world.OpenSessionAsync();
        await RunAllRunnableAsync(session); // root
        var afterRoot = await _world.Jobs.QueryAsync(new JobQuery { Ids = [.. middle.Select(m => m.Id), leaf.Id] });
        Assert.IsTrue(afterRoot.Where(j => j.Id != leaf.Id).All(j => j.State == Preprocessed), "both children moved on by themselves");
        Assert.AreEqual(AwaitingParents, afterRoot.Single(j => j.Id == leaf.Id).State, "the leaf still waits for two parents");

        var first = await session.AcquireAsync(new AcquireRequest { MaxJobs = 1 });
        Assert.AreEqual(middle[0].Id, first.Single().Id, "acquisition goes by id");
        await _world.RunAsync(middle[0].Id, session.GetPrimaryKeyLong());
        Assert.AreEqual(AwaitingParents, (await _world.Job(leaf.Id).GetAsync()).State, "one of two parents is not enough");
        await RunAllRunnableAsync(session); // mid-b
        await RunAllRunnableAsync(session); // leaf

        var all = await _world.Jobs.QueryAsync(new JobQuery { Tags = new() { ["dag"] = "three" } });
        Assert.AreEqual(4, all.Count);
        Assert.IsTrue(all.All(j => j.State == JobFinished));
        var leafEvents = await _world.Jobs.EventsAsync(new EventQuery { JobIds = [leaf.Id] });
        var promotion = leafEvents.Single(e => e.From == AwaitingParents);
        Assert.AreEqual(StagedIn, promotion.To, "no stage-in: READY is stored as STAGED_IN in one event, as SPEC");
        StringAssert.Contains(promotion.Data, "Skipped stage in");
        Assert.AreEqual(2L, await _world.Jobs.CountAsync(new JobQuery { ParentId = root.Id }));
    }

    [TestMethod]
    public async Task AChildOfAFinishedParentStartsRunnable()
    {
        var parent = await _world.CreateAsync(_world.Spec("dag/done-parent"));
        var session = await _world.OpenSessionAsync();
        await session.AcquireAsync(new AcquireRequest { MaxJobs = 1000 });
        await _world.RunAsync(parent.Id, session.GetPrimaryKeyLong());

        var child = await _world.CreateAsync(_world.Spec("dag/late-child", parents: [parent.Id]));
        Assert.AreEqual(Preprocessed, child.State);
    }

    [TestMethod]
    public async Task AFailedParentLeavesItsChildrenWaitingAndVisibleAsBlockedUntilItIsRetried()
    {
        var parent = await _world.CreateAsync(_world.Spec("dag/failing-parent", JobWorld.Hooked));
        var child = await _world.CreateAsync(_world.Spec("dag/blocked-child", parents: [parent.Id]));
        await _world.MoveAsync(parent.Id, Failed, """{"reason":"bad input"}""");

        Assert.AreEqual(AwaitingParents, (await _world.Job(child.Id).GetAsync()).State);
        var blocked = await _world.Jobs.QueryAsync(new JobQuery { BlockedByFailedParent = true });
        CollectionAssert.Contains(blocked.Select(j => j.Id).ToArray(), child.Id);

        await _world.MoveAsync(parent.Id, RestartReady);
        var session = await _world.OpenSessionAsync();
        await session.AcquireAsync(new AcquireRequest { MaxJobs = 1000 });
        await _world.Job(parent.Id).UpdateAsync(new JobPatch { State = Running, SessionId = session.GetPrimaryKeyLong() });
        await _world.ReportAsync(parent.Id, session.GetPrimaryKeyLong(), RunDone);
        await _world.MoveAsync(parent.Id, Postprocessed);

        Assert.AreEqual(Preprocessed, (await _world.Job(child.Id).GetAsync()).State, "the retried parent finished, so the child moved on");
        Assert.IsFalse((await _world.Jobs.QueryAsync(new JobQuery { BlockedByFailedParent = true })).Any(j => j.Id == child.Id));
    }

    [TestMethod]
    public async Task UnknownParentsAreRefusedAndTheWholeBatchIsNotCreated()
    {
        var before = await _world.Jobs.CountAsync(new JobQuery());
        var error = await Assert.ThrowsExactlyAsync<BalsamValidationException>(() => _world.Jobs.CreateAsync(
        [
            _world.Spec("dag/fine"),
            _world.Spec("dag/orphan", parents: [9_999_999]),
        ]));

        Assert.AreEqual("jobs[1].parent_ids", error.Problems.Single().Field);
        StringAssert.Contains(error.Message, "9999999");
        Assert.AreEqual(before, await _world.Jobs.CountAsync(new JobQuery()), "nothing of the batch was stored");
    }

    [TestMethod]
    public async Task ADeletedParentBlocksItsChild()
    {
        var parent = await _world.CreateAsync(_world.Spec("dag/deleted-parent", JobWorld.Hooked));
        var child = await _world.CreateAsync(_world.Spec("dag/orphaned-child", parents: [parent.Id]));
        Assert.IsTrue(await _world.Job(parent.Id).DeleteAsync());

        var blocked = await _world.Jobs.QueryAsync(new JobQuery { Ids = [child.Id], BlockedByFailedParent = true });
        Assert.AreEqual(1, blocked.Count, "a child whose parent is gone can never run by itself, and says so");
        Assert.AreEqual(AwaitingParents, blocked[0].State);
    }
}
