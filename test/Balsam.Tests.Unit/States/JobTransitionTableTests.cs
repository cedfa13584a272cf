using Balsam.Apps;
using Balsam.States;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using static Balsam.States.JobState;

namespace Balsam.Tests.Unit.States;

/// <summary>Every pair of states, legal and illegal, against the table a reader checks against SPEC §2.</summary>
[TestClass]
public sealed class JobTransitionTableTests
{
    /// <summary>The SPEC's transitions (BALSAM-REFERENCE §2.8) that the table must allow.</summary>
    private static readonly (JobState From, JobState To)[] SpecTransitions =
    [
        (Created, AwaitingParents), (Created, Ready), (Created, StagedIn),
        (AwaitingParents, Ready), (Ready, StagedIn),
        (StagedIn, Preprocessed), (StagedIn, Failed),
        (Preprocessed, Running), (RestartReady, Running), (Preprocessed, Failed), (RestartReady, Failed),
        (Running, RunDone), (Running, RunError), (Running, RunTimeout),
        (RunDone, Postprocessed), (RunError, Failed), (RunError, RestartReady), (RunTimeout, RestartReady),
        (Postprocessed, JobFinished), (StagedOut, JobFinished), (Failed, RestartReady),
    ];

    /// <summary>Moves that make no sense and must be refused with both state names.</summary>
    private static readonly (JobState From, JobState To)[] Nonsense =
    [
        (JobFinished, Running), (JobFinished, Preprocessed), (Failed, Running), (Created, Running),
        (AwaitingParents, Running), (Preprocessed, RunDone), (RunDone, Running), (Postprocessed, Running),
        (StagedIn, Running), (Running, Preprocessed), (Running, Created), (JobFinished, Created),
    ];

    public static IEnumerable<object[]> AllPairs() =>
        from source in Enum.GetValues<JobState>()
        from target in Enum.GetValues<JobState>()
        where source != target
        select new object[] { source, target };

    [TestMethod]
    [DynamicData(nameof(AllPairs))]
    public void EveryPairIsAllowedExactlyWhenTheTableSaysSo(JobState from, JobState to)
    {
        var allowed = JobTransitions.Allowed[from].Contains(to);
        var context = new TransitionContext(PendingStageIn: 1, PendingStageOut: 1, Hooks: AppHooks.Preprocess | AppHooks.Postprocess);

        if (allowed)
        {
            var actor = Enum.GetValues<JobActor>().First(a => a != JobActor.None && JobTransitions.WhoMay(from, to).HasFlag(a));
            var result = JobStateMachine.Apply(7, from, to, null, DateTimeOffset.UnixEpoch, context, actor);
            Assert.IsTrue(result.Changed);
            Assert.AreEqual(from, result.Events[0].From);
        }
        else
        {
            var error = Assert.ThrowsExactly<InvalidTransitionException>(
                () => JobStateMachine.Apply(7, from, to, null, DateTimeOffset.UnixEpoch, context, JobActor.User));
            StringAssert.Contains(error.Message, "Job 7");
            StringAssert.Contains(error.Message, from.Name());
            StringAssert.Contains(error.Message, to.Name());
        }
    }

    [TestMethod]
    public void EverySpecTransitionIsAllowed()
    {
        foreach (var (from, to) in SpecTransitions)
        {
            Assert.IsTrue(JobTransitions.IsAllowed(from, to), $"{from.Name()} -> {to.Name()} is a SPEC transition");
        }
    }

    [TestMethod]
    public void NonsensicalTransitionsAreRefused()
    {
        foreach (var (from, to) in Nonsense)
        {
            Assert.IsFalse(JobTransitions.IsAllowed(from, to), $"{from.Name()} -> {to.Name()} must be refused");
        }
    }

    [TestMethod]
    public void EveryStateHasARowAndEveryStateIsReachableFromCreated()
    {
        CollectionAssert.AreEquivalent(Enum.GetValues<JobState>(), JobTransitions.Allowed.Keys.ToArray());
        var reached = new HashSet<JobState> { Created };
        var frontier = new Queue<JobState>([Created]);
        while (frontier.TryDequeue(out var state))
        {
            foreach (var next in JobTransitions.Allowed[state].Where(reached.Add))
            {
                frontier.Enqueue(next);
            }
        }

        CollectionAssert.AreEquivalent(Enum.GetValues<JobState>(), reached.ToArray());
    }

    [TestMethod]
    public void StateNamesAreTheSpecNamesAndParseBack()
    {
        Assert.AreEqual("AWAITING_PARENTS", AwaitingParents.Name());
        Assert.AreEqual("JOB_FINISHED", JobFinished.Name());
        foreach (var state in Enum.GetValues<JobState>())
        {
            Assert.AreEqual(state, JobStateNames.Parse(state.Name()));
            Assert.AreEqual(state, JobStateNames.Parse(state.ToString()));
        }

        var error = Assert.ThrowsExactly<Balsam.Errors.BalsamValidationException>(() => JobStateNames.Parse("DONE"));
        StringAssert.Contains(error.Message, "RUN_DONE");
    }
}
