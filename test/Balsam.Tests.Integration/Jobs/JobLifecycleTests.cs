using Balsam.Errors;
using Balsam.Jobs;
using Balsam.Sessions;
using Balsam.States;
using Balsam.Tests.Integration.Infrastructure;
using static Balsam.States.JobState;

namespace Balsam.Tests.Integration.Jobs;

[TestClass]
public sealed class JobLifecycleTests
{
    private static TestSilo _silo = null!;
    private static JobWorld _world = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext _)
    {
        _silo = await TestSilo.StartAsync(await TestPostgres.CreateDatabaseAsync("lifecycle"));
        _world = await JobWorld.CreateAsync(_silo);
    }

    [ClassCleanup]
    public static async Task StopAsync() => await _silo.DisposeAsync();

    [TestMethod]
    public async Task ACommandJobWithDefaultHooksRunsToFinishedWithEveryEvent()
    {
        var job = await _world.CreateAsync(_world.Spec("lifecycle/default"));
        Assert.AreEqual(Preprocessed, job.State, "no parents, no stage-in, default preprocess: runnable at once");

        var session = await _world.OpenSessionAsync();
        var acquired = await session.AcquireAsync(new AcquireRequest { MaxJobs = 1000 });
        Assert.IsTrue(acquired.Any(j => j.Id == job.Id));
        var done = await _world.RunAsync(job.Id, session.GetPrimaryKeyLong());

        Assert.AreEqual(JobFinished, done.State);
        CollectionAssert.AreEqual(
            new[] { (Created, StagedIn), (StagedIn, Preprocessed), (Preprocessed, Running), (Running, RunDone), (RunDone, JobFinished) },
            (await _world.EventsAsync(job.Id)).ToArray());
        var stored = (await _world.Jobs.QueryAsync(new JobQuery { Ids = [job.Id] })).Single();
        Assert.AreEqual(JobFinished, stored.State);
        Assert.IsNull(stored.SessionId, "leaving RUNNING released the lease");
        StringAssert.Contains(stored.StateData, JobStateMachine.SkippedStageOut);
    }

    [TestMethod]
    public async Task AnAppWithHooksStopsInEachHookStateAndRecordsEveryStep()
    {
        var job = await _world.CreateAsync(_world.Spec("lifecycle/hooked", JobWorld.Hooked));
        Assert.AreEqual(StagedIn, job.State);

        await _world.MoveAsync(job.Id, Preprocessed, """{"prep":"ok"}""");
        var session = await _world.OpenSessionAsync();
        await session.AcquireAsync(new AcquireRequest { MaxJobs = 1000 });
        Assert.AreEqual(RunDone, (await _world.RunAsync(job.Id, session.GetPrimaryKeyLong())).State, "postprocess is overridden: RUN_DONE rests");
        Assert.AreEqual(JobFinished, (await _world.MoveAsync(job.Id, Postprocessed)).State, "no stage-out: POSTPROCESSED becomes JOB_FINISHED");

        var events = await _silo.JobService.EventsAsync(new EventQuery { JobIds = [job.Id] });
        Assert.AreEqual("""{"prep":"ok"}""", events.Single(e => e.To == Preprocessed).Data.Replace(" ", ""));
        CollectionAssert.AreEqual(
            new[] { StagedIn, Preprocessed, Running, RunDone, JobFinished },
            events.Select(e => e.To).ToArray());
    }

    [TestMethod]
    public async Task ErrorsTimeoutsAndRestartsFollowTheTable()
    {
        var job = await _world.CreateAsync(_world.Spec("lifecycle/retry", JobWorld.Hooked));
        await _world.MoveAsync(job.Id, Preprocessed);
        var session = await _world.OpenSessionAsync();
        await session.AcquireAsync(new AcquireRequest { MaxJobs = 1000 });
        Assert.AreEqual(RunError, (await _world.RunAsync(job.Id, session.GetPrimaryKeyLong(), succeed: false)).State);
        Assert.AreEqual(RestartReady, (await _world.MoveAsync(job.Id, RestartReady)).State);
        await session.AcquireAsync(new AcquireRequest { MaxJobs = 1000 });
        await _world.Job(job.Id).UpdateAsync(new JobPatch { State = Running, SessionId = session.GetPrimaryKeyLong() });
        Assert.AreEqual(RunTimeout, (await _world.ReportAsync(job.Id, session.GetPrimaryKeyLong(), RunTimeout)).State);
        Assert.AreEqual(Failed, (await _world.MoveAsync(job.Id, Failed)).State);
        Assert.AreEqual(RestartReady, (await _world.MoveAsync(job.Id, RestartReady)).State, "a user may retry a failed job");
    }

    [TestMethod]
    public async Task AForbiddenTransitionIsRefusedWithJobAndBothStatesAndChangesNothing()
    {
        var job = await _world.CreateAsync(_world.Spec("lifecycle/forbidden"));
        var session = await _world.OpenSessionAsync();
        await session.AcquireAsync(new AcquireRequest { MaxJobs = 1000 });
        await _world.RunAsync(job.Id, session.GetPrimaryKeyLong());
        var before = await _world.EventsAsync(job.Id);

        var error = await Assert.ThrowsExactlyAsync<InvalidTransitionException>(() => _world.MoveAsync(job.Id, Running));

        StringAssert.Contains(error.Message, $"Job {job.Id}");
        StringAssert.Contains(error.Message, "JOB_FINISHED");
        StringAssert.Contains(error.Message, "RUNNING");
        Assert.AreEqual(JobFinished, (await _world.Job(job.Id).GetAsync()).State);
        CollectionAssert.AreEqual(before.ToArray(), (await _world.EventsAsync(job.Id)).ToArray(), "no event for a refused change");
    }

    [TestMethod]
    public async Task SettingTheCurrentStateAgainIsANoOpWithoutAnEvent()
    {
        var job = await _world.CreateAsync(_world.Spec("lifecycle/noop"));
        var again = await _world.MoveAsync(job.Id, Preprocessed);
        Assert.AreEqual(Preprocessed, again.State);
        Assert.AreEqual(2, (await _world.EventsAsync(job.Id)).Count);
    }

    [TestMethod]
    public async Task StageInMakesAJobWaitInReadyAndStageOutWaitsInPostprocessed()
    {
        var spec = _world.Spec("lifecycle/staged", JobWorld.Staged) with
        {
            Transfers = new() { ["input"] = "laptop:/home/me/in.txt", ["output"] = "laptop:/home/me/results/out.txt" },
        };
        var job = await _world.CreateAsync(spec);
        Assert.AreEqual(Ready, job.State);
        Assert.AreEqual(1, job.PendingStageIn);
        Assert.AreEqual(1, job.PendingStageOut);
    }

    [TestMethod]
    public async Task PatchesChangeOnlyTheFieldsGivenAndKeepTheLease()
    {
        var job = await _world.CreateAsync(_world.Spec("lifecycle/patch", tags: new() { ["exp"] = "a" }));
        var session = await _world.OpenSessionAsync();
        var acquired = await session.AcquireAsync(new AcquireRequest { MaxJobs = 1000 });
        Assert.IsTrue(acquired.Any(j => j.Id == job.Id));

        var patched = await _world.Job(job.Id).UpdateAsync(new JobPatch
        {
            Tags = new() { ["exp"] = "b" },
            Data = """{"attempt": 2}""",
            Resources = job.Resources with { WallTimeMin = 30 },
        });

        Assert.AreEqual("b", patched.Tags["exp"]);
        Assert.AreEqual(Preprocessed, patched.State);
        var stored = (await _world.Jobs.QueryAsync(new JobQuery { Ids = [job.Id] })).Single();
        Assert.AreEqual(30, stored.Resources.WallTimeMin);
        Assert.AreEqual(session.GetPrimaryKeyLong(), stored.SessionId, "an update that is not a state change keeps the lease");

        var invalid = await Assert.ThrowsExactlyAsync<BalsamValidationException>(() =>
            _world.Job(job.Id).UpdateAsync(new JobPatch { Data = "[1,2]", Resources = job.Resources with { NumNodes = 0 } }));
        CollectionAssert.AreEquivalent(new[] { "data", "num_nodes" }, invalid.Problems.Select(p => p.Field).ToArray());
    }

    [TestMethod]
    public async Task DeletingAJobRemovesItsEventsButALeasedJobStays()
    {
        var free = await _world.CreateAsync(_world.Spec("lifecycle/delete-free", JobWorld.Hooked));
        var neighbour = await _world.CreateAsync(_world.Spec("lifecycle/delete-neighbour", JobWorld.Hooked));
        Assert.AreEqual(1L, await _world.StoredEventCountAsync([free.Id]));
        Assert.IsTrue(await _world.Job(free.Id).DeleteAsync());
        Assert.AreEqual(0L, await _world.StoredEventCountAsync([free.Id]));
        Assert.AreEqual(1L, await _world.StoredEventCountAsync([neighbour.Id]), "another job's events stay");
        Assert.AreEqual(0L, await _world.Jobs.CountAsync(new JobQuery { Ids = [free.Id] }));

        var held = await _world.CreateAsync(_world.Spec("lifecycle/delete-held"));
        var session = await _world.OpenSessionAsync();
        await session.AcquireAsync(new AcquireRequest { MaxJobs = 1000 });
        Assert.IsFalse(await _world.Job(held.Id).DeleteAsync(), "a job held by a session is not deleted");
        Assert.AreEqual(1L, await _world.Jobs.CountAsync(new JobQuery { Ids = [held.Id] }));
    }
}
