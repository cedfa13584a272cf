using Balsam.Apps;
using Balsam.Errors;
using Balsam.Jobs;
using Balsam.States;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using static Balsam.States.JobState;

namespace Balsam.Tests.Unit.States;

/// <summary>Who may make each move (the actor column of the transition table) and how a patch names its actor.</summary>
[TestClass]
public sealed class JobActorTests
{
    private static readonly TransitionContext Hooked = new(0, 0, AppHooks.Preprocess | AppHooks.Postprocess);

    [TestMethod]
    public void OnlyALauncherMovesAJobToOrFromRunning()
    {
        foreach (var from in new[] { Preprocessed, RestartReady })
        {
            Assert.IsTrue(JobTransitions.MayMove(JobActor.Launcher, from, Running));
            Assert.IsFalse(JobTransitions.MayMove(JobActor.User, from, Running), $"a user may not start a {from.Name()} job");
            Assert.IsFalse(JobTransitions.MayMove(JobActor.Processing, from, Running));
        }

        foreach (var to in JobTransitions.Allowed[Running])
        {
            Assert.IsTrue(JobTransitions.MayMove(JobActor.Launcher, Running, to));
            Assert.IsFalse(JobTransitions.MayMove(JobActor.User, Running, to), $"a user may not move a RUNNING job to {to.Name()}");
            Assert.IsFalse(JobTransitions.MayMove(JobActor.Processing, Running, to));
        }

        Assert.IsTrue(JobTransitions.MayMove(JobActor.Server, Running, RunTimeout), "the service times out a job whose session ended");
    }

    [TestMethod]
    public void ARefusedActorIsToldWhoMay()
    {
        var error = Assert.ThrowsExactly<TransitionNotPermittedException>(
            () => JobStateMachine.Apply(4, Preprocessed, Running, null, DateTimeOffset.UnixEpoch, Hooked, JobActor.User));
        StringAssert.Contains(error.Message, "Job 4");
        StringAssert.Contains(error.Message, "a user may not move it from PREPROCESSED to RUNNING");
        StringAssert.Contains(error.Message, "launcher session");
    }

    [TestMethod]
    public void UsersKeepTheMovesSpecGivesThem()
    {
        Assert.IsTrue(JobTransitions.MayMove(JobActor.User, Failed, RestartReady));
        Assert.IsTrue(JobTransitions.MayMove(JobActor.User, JobFinished, RestartReady));
        Assert.IsTrue(JobTransitions.MayMove(JobActor.User, RunError, RestartReady));
        Assert.IsTrue(JobTransitions.MayMove(JobActor.User, AwaitingParents, Failed));
        Assert.IsFalse(JobTransitions.MayMove(JobActor.User, Created, Ready), "creation moves are the service's");
        Assert.IsFalse(JobTransitions.MayMove(JobActor.User | JobActor.Launcher, Preprocessed, Running), "one actor at a time");
    }

    [TestMethod]
    public void EveryMoveHasSomebodyWhoMayMakeIt()
    {
        foreach (var (from, moves) in JobTransitions.Table)
        {
            foreach (var (to, by) in moves)
            {
                Assert.AreNotEqual(JobActor.None, by, $"{from.Name()} -> {to.Name()}");
            }
        }
    }

    [TestMethod]
    public void APatchWithASessionIsALauncherReportUnlessItSaysOtherwise()
    {
        Assert.AreEqual(JobActor.User, JobPatch.ToState(Failed).EffectiveActor);
        Assert.AreEqual(JobActor.Launcher, new JobPatch { State = RunDone, SessionId = 3 }.EffectiveActor);
        Assert.AreEqual(JobActor.Processing, JobPatch.Report(3, JobActor.Processing, Postprocessed).EffectiveActor);
    }

    [TestMethod]
    public void PatchesCannotSpeakForTheServiceNorReportWithoutASession()
    {
        var server = Assert.ThrowsExactly<BalsamValidationException>(
            () => JobFieldRules.CheckPatch(9, new JobPatch { State = RunTimeout, Actor = JobActor.Server }));
        StringAssert.Contains(server.Message, "actor");

        var noSession = Assert.ThrowsExactly<BalsamValidationException>(
            () => JobFieldRules.CheckPatch(9, new JobPatch { State = Postprocessed, Actor = JobActor.Processing }));
        StringAssert.Contains(noSession.Message, "session_id");

        var userWithSession = Assert.ThrowsExactly<BalsamValidationException>(
            () => JobFieldRules.CheckPatch(9, new JobPatch { State = Failed, Actor = JobActor.User, SessionId = 2 }));
        StringAssert.Contains(userWithSession.Message, "session_id");
    }

    [TestMethod]
    public void ResentReportsAreRecognisedUnderTheirStoredState()
    {
        CollectionAssert.AreEquivalent(new[] { Postprocessed, JobFinished }, JobStateMachine.StoredAs(Postprocessed));
        CollectionAssert.AreEquivalent(new[] { Ready, StagedIn }, JobStateMachine.StoredAs(Ready));
        CollectionAssert.AreEquivalent(new[] { RunDone }, JobStateMachine.StoredAs(RunDone));
        StringAssert.Contains(JobStateMachine.WithSession("""{"message":"x"}""", 12), "\"session_id\":12");
    }
}
