using Balsam.Apps;
using Balsam.Jobs;
using Balsam.Sessions;
using Balsam.Silo.Storage.Jobs;
using Balsam.States;
using Balsam.Tests.Integration.Infrastructure;
using Npgsql;
using static Balsam.States.JobState;

namespace Balsam.Tests.Integration.Jobs;

/// <summary>Leases are fences (DESIGN §7): only the session holding a job changes it, and a resent report is a success.</summary>
[TestClass]
public sealed class JobFencingTests
{
    [TestMethod]
    public async Task AReportFromASessionThatNoLongerHoldsTheJobChangesNothing()
    {
        await using var silo = await TestSilo.StartAsync(await TestPostgres.CreateDatabaseAsync("fence-stale"));
        var world = await JobWorld.CreateAsync(silo);
        var job = (await world.CreateAsync(world.Spec("fence/1"))).Id;
        var old = await world.OpenSessionAsync();
        await old.AcquireAsync(new AcquireRequest { MaxJobs = 10 });
        await world.Job(job).UpdateAsync(new JobPatch { State = Running, SessionId = old.GetPrimaryKeyLong() });
        await old.CloseAsync(); // the job times out and is retried by a new session
        Assert.AreEqual(RunTimeout, (await world.Job(job).GetAsync()).State);
        await world.MoveAsync(job, RestartReady);
        var current = await world.OpenSessionAsync();
        await current.AcquireAsync(new AcquireRequest { MaxJobs = 10 });
        await world.Job(job).UpdateAsync(new JobPatch { State = Running, SessionId = current.GetPrimaryKeyLong() });

        var stale = await Assert.ThrowsExactlyAsync<LeaseNotHeldException>(
            () => world.Job(job).UpdateAsync(new JobPatch { State = RunTimeout, SessionId = old.GetPrimaryKeyLong() }));
        StringAssert.Contains(stale.Message, $"session {old.GetPrimaryKeyLong()} does not hold it");
        await world.Job(job).TimeOutAsync(old.GetPrimaryKeyLong(), "late sweep of the old session");

        var now = await world.Job(job).GetAsync();
        Assert.AreEqual(Running, now.State, "neither the stale report nor the old session's end touched the new run");
        Assert.AreEqual(current.GetPrimaryKeyLong(), now.SessionId, "the current session keeps its lease");
        Assert.AreEqual(JobFinished, (await world.ReportAsync(job, current.GetPrimaryKeyLong(), RunDone)).State);
    }

    [TestMethod]
    public async Task TheSameReportTwiceIsASuccessAndIsStoredOnce()
    {
        await using var silo = await TestSilo.StartAsync(await TestPostgres.CreateDatabaseAsync("fence-resend"));
        var world = await JobWorld.CreateAsync(silo);
        var job = (await world.CreateAsync(world.Spec("fence/2"))).Id;
        var session = await world.OpenSessionAsync();
        var sessionId = session.GetPrimaryKeyLong();
        await session.AcquireAsync(new AcquireRequest { MaxJobs = 10 });
        var running = new JobPatch { State = Running, SessionId = sessionId };
        await world.Job(job).UpdateAsync(running);
        await world.Job(job).UpdateAsync(running);
        var done = new JobPatch { State = RunDone, ReturnCode = 0, SessionId = sessionId };
        Assert.AreEqual(JobFinished, (await world.Job(job).UpdateAsync(done)).State);
        Assert.AreEqual(JobFinished, (await world.Job(job).UpdateAsync(done)).State, "a resent report (its answer was lost) succeeds");

        var events = await world.EventsAsync(job);
        Assert.AreEqual(1, events.Count(e => e.To == Running));
        Assert.AreEqual(1, events.Count(e => e.To == RunDone));
        var otherSession = await world.OpenSessionAsync();
        await Assert.ThrowsExactlyAsync<LeaseNotHeldException>(
            () => world.Job(job).UpdateAsync(new JobPatch { State = RunDone, SessionId = otherSession.GetPrimaryKeyLong() }),
            "a session that never ran the job cannot pass its report off as a resend");
    }

    [TestMethod]
    public async Task ARunningReportAndTheRunsEndTravelAsOneWriteWithEveryEventAndAResendIsASuccess()
    {
        await using var silo = await TestSilo.StartAsync(await TestPostgres.CreateDatabaseAsync("fence-chain"));
        var world = await JobWorld.CreateAsync(silo);
        var job = (await world.CreateAsync(world.Spec("fence/chain"))).Id;
        var session = await world.OpenSessionAsync();
        var sessionId = session.GetPrimaryKeyLong();
        await session.AcquireAsync(new AcquireRequest { MaxJobs = 10 });
        var before = (await world.Job(job).GetAsync()).Version;
        var chain = new JobPatch { State = Running, SessionId = sessionId }
            .Followed(new JobPatch { State = RunDone, ReturnCode = 0, SessionId = sessionId });

        var finished = await world.Job(job).UpdateAsync(chain);
        Assert.AreEqual(JobFinished, finished.State);
        Assert.AreEqual(before + 1, finished.Version, "both changes are one write of the row");
        Assert.IsNull(finished.SessionId, "the run's end clears the lease");
        Assert.AreEqual(JobFinished, (await world.Job(job).UpdateAsync(chain)).State, "a resent chain (its answer was lost) succeeds");

        var events = await world.EventsAsync(job);
        CollectionAssert.AreEqual(new[] { Running, RunDone, JobFinished }, events.Where(e => e.From >= Preprocessed).Select(e => e.To).ToArray(),
            "every step of the table is recorded once, in order");
    }

    [TestMethod]
    public async Task AChainedReportIsStoredWholeOrNotAtAll()
    {
        await using var silo = await TestSilo.StartAsync(await TestPostgres.CreateDatabaseAsync("fence-chain-refused"));
        var world = await JobWorld.CreateAsync(silo);
        var job = (await world.CreateAsync(world.Spec("fence/chain-refused"))).Id;
        var session = await world.OpenSessionAsync();
        var sessionId = session.GetPrimaryKeyLong();
        await session.AcquireAsync(new AcquireRequest { MaxJobs = 10 });
        var chain = new JobPatch { State = Running, SessionId = sessionId }
            .Followed(new JobPatch { State = Ready, SessionId = sessionId });

        await Assert.ThrowsExactlyAsync<InvalidTransitionException>(() => world.Job(job).UpdateAsync(chain));
        Assert.AreEqual(Preprocessed, (await world.Job(job).GetAsync()).State, "the refused follow-up keeps the first change out too");
        var mixed = new JobPatch { State = Running, SessionId = sessionId }.Followed(new JobPatch { State = RunDone });
        var refused = await Assert.ThrowsExactlyAsync<Errors.BalsamValidationException>(() => world.Job(job).UpdateAsync(mixed));
        StringAssert.Contains(refused.Message, "then");
    }

    [TestMethod]
    public async Task OnlyALauncherSessionStartsAJob()
    {
        await using var silo = await TestSilo.StartAsync(await TestPostgres.CreateDatabaseAsync("fence-user"));
        var world = await JobWorld.CreateAsync(silo);
        var job = (await world.CreateAsync(world.Spec("fence/3"))).Id;

        var refused = await Assert.ThrowsExactlyAsync<TransitionNotPermittedException>(() => world.MoveAsync(job, Running));
        StringAssert.Contains(refused.Message, "a user may not move it from PREPROCESSED to RUNNING");
        var unleased = await world.OpenSessionAsync();
        await Assert.ThrowsExactlyAsync<LeaseNotHeldException>(
            () => world.Job(job).UpdateAsync(new JobPatch { State = Running, SessionId = unleased.GetPrimaryKeyLong() }),
            "a session must hold the job (acquire it) before it runs it");
        Assert.AreEqual(Preprocessed, (await world.Job(job).GetAsync()).State);
    }

    [TestMethod]
    public async Task ARunningJobWhoseSessionIsGoneTimesOutWithinOneSweep()
    {
        var database = await TestPostgres.CreateDatabaseAsync("fence-orphan");
        await using var silo = await TestSilo.StartAsync(database, tuning: o => o.OrphanedRunSweepPeriod = TimeSpan.FromMilliseconds(300));
        var world = await JobWorld.CreateAsync(silo);
        var jobs = (await world.Jobs.CreateAsync([world.Spec("orphan/1"), world.Spec("orphan/2"), world.Spec("orphan/3")])).Select(j => j.Id).ToList();
        var session = await world.OpenSessionAsync();
        await session.AcquireAsync(new AcquireRequest { MaxJobs = 10 });
        foreach (var id in jobs)
        {
            await world.Job(id).UpdateAsync(new JobPatch { State = Running, SessionId = session.GetPrimaryKeyLong() });
        }

        // What a crash can leave behind: one lease naming a session that no longer exists, one lease cleared.
        await using (var connection = new NpgsqlConnection(database))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(
                $"UPDATE jobs SET session_id = 987654321 WHERE id = {jobs[0]}; UPDATE jobs SET session_id = NULL WHERE id = {jobs[1]}", connection);
            await command.ExecuteNonQueryAsync();
        }

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while ((await world.Jobs.QueryAsync(new JobQuery { Ids = jobs[..2] })).Any(j => j.State == Running) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        foreach (var id in jobs.Take(2))
        {
            var events = await world.Jobs.EventsAsync(new EventQuery { JobIds = [id], ToState = RunTimeout });
            Assert.HasCount(1, events, $"job {id} timed out once");
            StringAssert.Contains(events[0].Data, OrphanedRunSweep.Message);
        }

        Assert.AreEqual(Running, (await world.Job(jobs[2]).GetAsync()).State, "a job whose session lives is left alone");
    }
}
