using Balsam.Apps;
using Balsam.States;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using static Balsam.States.JobState;

namespace Balsam.Tests.Unit.States;

/// <summary>The server's rewrites and skipped default hooks (SPEC §2 "Server rules").</summary>
[TestClass]
public sealed class JobStateMachineTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 25, 0, 0, 0, TimeSpan.Zero);
    private const AppHooks AllHooks = AppHooks.Preprocess | AppHooks.Postprocess | AppHooks.HandleError | AppHooks.HandleTimeout;

    private static (JobState, JobState)[] Steps(TransitionResult result) => result.Events.Select(e => (e.From, e.To)).ToArray();

    [TestMethod]
    public void InitialStateFollowsParentsThenStageInThenTheDefaultPreprocess()
    {
        Assert.AreEqual(AwaitingParents, JobStateMachine.Initial(1, parentsFinished: false, 0, AppHooks.None, At).State);
        Assert.AreEqual(Ready, JobStateMachine.Initial(1, parentsFinished: true, stageInItems: 2, AppHooks.None, At).State);
        Assert.AreEqual(StagedIn, JobStateMachine.Initial(1, true, 0, AppHooks.Preprocess, At).State);

        var skipped = JobStateMachine.Initial(1, true, 0, AppHooks.None, At);
        Assert.AreEqual(Preprocessed, skipped.State);
        CollectionAssert.AreEqual(new[] { (Created, StagedIn), (StagedIn, Preprocessed) }, Steps(skipped));
        StringAssert.Contains(skipped.Events[1].Data, JobStateMachine.SkippedPreprocess);
    }

    [TestMethod]
    public void ReadyWithNothingToStageInIsStoredAsStagedInInOneEvent()
    {
        var result = JobStateMachine.Apply(1, AwaitingParents, Ready, """{"message":"All parents finished"}""", At, new(0, 0, AllHooks), JobActor.Server);
        Assert.AreEqual(StagedIn, result.State);
        CollectionAssert.AreEqual(new[] { (AwaitingParents, StagedIn) }, Steps(result));
        StringAssert.Contains(result.Events[0].Data, JobStateMachine.SkippedStageIn);
    }

    [TestMethod]
    public void ReadyWithPendingStageInStaysReady()
    {
        var result = JobStateMachine.Apply(1, AwaitingParents, Ready, null, At, new(1, 0, AllHooks), JobActor.Server);
        Assert.AreEqual(Ready, result.State);
    }

    [TestMethod]
    public void PostprocessedWithoutStageOutFinishesAndWithStageOutReleasesItems()
    {
        var finished = JobStateMachine.Apply(1, RunDone, Postprocessed, null, At, new(0, 0, AllHooks), JobActor.Processing);
        Assert.AreEqual(JobFinished, finished.State);
        Assert.IsFalse(finished.ReleaseStageOut);
        CollectionAssert.AreEqual(new[] { (RunDone, JobFinished) }, Steps(finished));

        var staging = JobStateMachine.Apply(1, RunDone, Postprocessed, null, At, new(0, 2, AllHooks), JobActor.Processing);
        Assert.AreEqual(Postprocessed, staging.State);
        Assert.IsTrue(staging.ReleaseStageOut);
    }

    [TestMethod]
    public void StagedOutIsStoredAsJobFinished()
    {
        var result = JobStateMachine.Apply(1, Postprocessed, StagedOut, null, At, new(0, 0, AllHooks), JobActor.Processing);
        Assert.AreEqual(JobFinished, result.State);
        CollectionAssert.AreEqual(new[] { (Postprocessed, JobFinished) }, Steps(result));
    }

    [TestMethod]
    public void RunDoneOfAnAppWithTheDefaultPostprocessGoesStraightOn()
    {
        var result = JobStateMachine.Apply(1, Running, RunDone, null, At, new(0, 0, AppHooks.None), JobActor.Launcher);
        Assert.AreEqual(JobFinished, result.State);
        CollectionAssert.AreEqual(new[] { (Running, RunDone), (RunDone, JobFinished) }, Steps(result));

        var hooked = JobStateMachine.Apply(1, Running, RunDone, null, At, new(0, 0, AppHooks.Postprocess), JobActor.Launcher);
        Assert.AreEqual(RunDone, hooked.State, "an overridden postprocess runs at the site");
    }

    [TestMethod]
    public void TheSameStateAgainChangesNothing()
    {
        var result = JobStateMachine.Apply(1, Running, Running, null, At, default, JobActor.Launcher);
        Assert.IsFalse(result.Changed);
        Assert.AreEqual(Running, result.State);
    }

    [TestMethod]
    public void CallerDataIsKeptAndTheServerMessageIsAdded()
    {
        var result = JobStateMachine.Apply(1, Running, RunError, """{"returncode": 3}""", At, new(0, 0, AllHooks), JobActor.Launcher);
        Assert.AreEqual("""{"returncode": 3}""", result.Events[0].Data);
        Assert.AreEqual(At, result.Events[0].Timestamp);

        var merged = JobStateMachine.WithMessage("""{"k":"v"}""", "hello");
        StringAssert.Contains(merged, "\"k\":\"v\"");
        StringAssert.Contains(merged, "\"message\":\"hello\"");
    }
}
