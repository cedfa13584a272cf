using Balsam.BatchJobs;
using Balsam.Errors;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using static Balsam.BatchJobs.BatchJobState;
using Balsam.States;

namespace Balsam.Tests.Unit.BatchJobs;

[TestClass]
public sealed class BatchJobLifecycleTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    private static BatchJobRecord At(BatchJobState state) => new()
    {
        Id = 7, SiteId = 1, Project = "p", Queue = "q", NumNodes = 2, WallTimeMin = 30, State = state,
    };

    [TestMethod]
    public void TheSchedulerServiceCarriesABatchJobFromSubmissionToFinishedAndTimesAreStamped()
    {
        var queued = BatchJobLifecycle.Apply(At(PendingSubmission), new BatchJobPatch { State = Queued, SchedulerId = 4242 }, Now);
        Assert.AreEqual(Queued, queued.State);
        Assert.AreEqual(4242L, queued.SchedulerId);
        Assert.IsNull(queued.StartTime);

        var running = BatchJobLifecycle.Apply(queued, BatchJobPatch.ToState(Running), Now.AddMinutes(1));
        Assert.AreEqual(Now.AddMinutes(1), running.StartTime, "start time stamped when it starts running");

        var finished = BatchJobLifecycle.Apply(running, BatchJobPatch.ToState(Finished), Now.AddMinutes(9));
        Assert.AreEqual(Now.AddMinutes(9), finished.EndTime);
        Assert.AreEqual(Now.AddMinutes(1), finished.StartTime);
    }

    [TestMethod]
    public void SchedulerTimesWinOverTheStampedOnes()
    {
        var start = Now.AddMinutes(-5);
        var finished = BatchJobLifecycle.Apply(At(Queued), new BatchJobPatch { State = Finished, StartTime = start, EndTime = Now }, Now.AddMinutes(1));
        Assert.AreEqual(start, finished.StartTime);
        Assert.AreEqual(Now, finished.EndTime);
    }

    [TestMethod]
    [DataRow(Running)]
    [DataRow(Queued)]
    public void PendingDeletionHoldsAgainstAMirroredSchedulerState(BatchJobState mirrored)
    {
        var held = BatchJobLifecycle.Apply(At(PendingDeletion), BatchJobPatch.ToState(mirrored), Now);
        Assert.AreEqual(PendingDeletion, held.State, "a sync that crossed the user's request does not undo it");
        Assert.AreEqual(Finished, BatchJobLifecycle.Apply(held, BatchJobPatch.ToState(Finished), Now).State);
    }

    [TestMethod]
    public void ASubmitThatCrossedADeletionKeepsTheSchedulerIdSoTheSiteCanDeleteIt()
    {
        var crossed = BatchJobLifecycle.Apply(At(PendingDeletion), new BatchJobPatch { State = Queued, SchedulerId = 99 }, Now);
        Assert.AreEqual(PendingDeletion, crossed.State);
        Assert.AreEqual(99L, crossed.SchedulerId);
    }

    [TestMethod]
    [DataRow(Finished, Running)]
    [DataRow(Finished, PendingSubmission)]
    [DataRow(SubmitFailed, Queued)]
    [DataRow(Queued, PendingSubmission)]
    [DataRow(Running, SubmitFailed)]
    public void MovesOutsideTheTableAreRefusedNamingBothStates(BatchJobState from, BatchJobState to)
    {
        var error = Assert.ThrowsExactly<BalsamValidationException>(() => BatchJobLifecycle.Apply(At(from), BatchJobPatch.ToState(to), Now));
        StringAssert.Contains(error.Message, $"cannot move from {from.Name()} to {to.Name()}");
    }

    [TestMethod]
    public void StatusInfoIsMergedNotReplaced()
    {
        var first = BatchJobLifecycle.Apply(At(PendingSubmission), new BatchJobPatch { StatusInfo = new() { ["submit_script"] = "/s/q.sh" } }, Now);
        var second = BatchJobLifecycle.Apply(first, new BatchJobPatch { StatusInfo = new() { ["scheduler_state"] = "PENDING (Priority)" } }, Now);
        Assert.AreEqual("/s/q.sh", second.StatusInfo["submit_script"]);
        Assert.AreEqual("PENDING (Priority)", second.StatusInfo["scheduler_state"]);
    }

    [TestMethod]
    public void ADeletionRequestDependsOnHowFarTheBatchJobGot()
    {
        Assert.AreEqual(Finished, BatchJobLifecycle.DeletionRequest(At(PendingSubmission), Now).State, "not yet handed to the scheduler: ends at once");
        var beingSubmitted = At(PendingSubmission) with { StatusInfo = new() { [BatchJobLifecycle.SubmittingKey] = "now" } };
        Assert.AreEqual(PendingDeletion, BatchJobLifecycle.DeletionRequest(beingSubmitted, Now).State, "the site may be submitting it: it deletes it");
        Assert.AreEqual(PendingDeletion, BatchJobLifecycle.DeletionRequest(At(Queued), Now).State);
        Assert.AreEqual(PendingDeletion, BatchJobLifecycle.DeletionRequest(At(Running), Now).State);
        Assert.IsNull(BatchJobLifecycle.DeletionRequest(At(Finished), Now).State, "an ended batch job is left as it is");
        Assert.IsNull(BatchJobLifecycle.DeletionRequest(At(SubmitFailed), Now).State);
    }

    [TestMethod]
    public void OnlyOneSubmitterCanMarkABatchJob()
    {
        var mark = new BatchJobPatch { ExpectedState = PendingSubmission, StatusInfo = new() { [BatchJobLifecycle.SubmittingKey] = "t1" } };
        var marked = BatchJobLifecycle.Apply(At(PendingSubmission), mark, Now);
        var second = Assert.ThrowsExactly<BalsamValidationException>(() => BatchJobLifecycle.Apply(marked, mark, Now));
        StringAssert.Contains(second.Message, "already being submitted (since t1)");
    }

    [TestMethod]
    public void AnExpectedStateThatDoesNotHoldRefusesTheChange()
    {
        var withdraw = new BatchJobPatch { State = PendingDeletion, ExpectedState = Queued };
        Assert.AreEqual(PendingDeletion, BatchJobLifecycle.Apply(At(Queued), withdraw, Now).State);
        var error = Assert.ThrowsExactly<BalsamValidationException>(() => BatchJobLifecycle.Apply(At(Running), withdraw, Now));
        StringAssert.Contains(error.Message, "is running, not queued");
    }

    [TestMethod]
    public void EveryStateHasARowAndEveryNameRoundTrips()
    {
        foreach (var state in Enum.GetValues<BatchJobState>())
        {
            Assert.IsTrue(BatchJobLifecycle.Allowed.ContainsKey(state), $"{state} has a row");
            Assert.IsTrue(BatchJobStateNames.TryParse(state.Name(), out var parsed) && parsed == state);
        }
    }
}
