using Balsam.Apps;
using Balsam.States;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using static Balsam.States.JobState;

namespace Balsam.Tests.Unit.States;

/// <summary>
/// The moves Balsam's Python processing service makes for a Python app's job (balsam/site/service/processing.py: the
/// default hooks, an overridden hook's choice, FAILED when a hook raises), over REST as the processing actor; and the
/// states such a job rests in, since its app has every hook.
/// </summary>
[TestClass]
public sealed class PythonProcessingMovesTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 4, 0, 0, 0, TimeSpan.Zero);

    private static readonly (JobState From, JobState To)[] ProcessingMoves =
    [
        (StagedIn, Preprocessed), (StagedIn, Failed),
        (RunDone, Postprocessed), (RunDone, RestartReady), (RunDone, Failed),
        (RunError, Failed), (RunError, RestartReady), (RunError, Postprocessed),
        (RunTimeout, RestartReady), (RunTimeout, Failed), (RunTimeout, Postprocessed),
    ];

    [TestMethod]
    public void EveryMoveOfBalsamsPythonProcessingServiceIsTheProcessingActorsToMake()
    {
        foreach (var (from, to) in ProcessingMoves)
        {
            Assert.IsTrue(JobTransitions.MayMove(JobActor.Processing, from, to), $"{from} -> {to}");
        }
    }

    [TestMethod]
    public void APythonAppsJobRestsInStagedInAndInRunDoneForItsProcessingService()
    {
        Assert.AreEqual(StagedIn, JobStateMachine.Initial(1, parentsFinished: true, 0, AppDefinition.PythonAppHooks, At).State);
        var context = new TransitionContext(0, 0, AppDefinition.PythonAppHooks);
        Assert.AreEqual(RunDone, JobStateMachine.Apply(1, Running, RunDone, null, At, context, JobActor.Launcher).State);
        Assert.AreEqual(JobFinished, JobStateMachine.Apply(1, RunDone, Postprocessed, null, At, context, JobActor.Processing).State,
            "POSTPROCESSED with nothing to stage out is stored as JOB_FINISHED");
    }
}
