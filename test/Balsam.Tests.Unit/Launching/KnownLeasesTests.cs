using Balsam.Jobs;
using Balsam.Launcher.Pilot;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Balsam.Tests.Unit.Launching;

/// <summary>Which acquired jobs a launcher starts: a restarted job at once, a job it runs never twice.</summary>
[TestClass]
public sealed class KnownLeasesTests
{
    private static JobRecord Job(long id) => new() { Id = id, AppName = "app", Workdir = $"w/{id}" };

    [TestMethod]
    public void AJobLeasedAgainBeforeItsLastEndIsConfirmedIsStarted()
    {
        var leases = new KnownLeases();
        Assert.AreEqual(1, leases.Accept([Job(7)], reclaim: false).Count);

        // The run ended with RUN_ERROR; the service applied it, a hook made the job RESTART_READY, and the next acquire
        // hands it back before the report flush has heard the service's answer.
        var again = leases.Accept([Job(7), Job(8)], reclaim: false);

        CollectionAssert.AreEqual(new long[] { 7, 8 }, again.Select(j => j.Id).ToArray());
    }

    [TestMethod]
    public void AReclaimTakesOnlyJobsWithoutAnOpenLease()
    {
        var leases = new KnownLeases();
        leases.Accept([Job(1), Job(2)], reclaim: false);

        var reclaimed = leases.Accept([Job(1), Job(2), Job(3)], reclaim: true);

        CollectionAssert.AreEqual(new long[] { 3 }, reclaimed.Select(j => j.Id).ToArray(), "jobs 1 and 2 run already");
        Assert.IsTrue(leases.IsHeld(3));
    }

    [TestMethod]
    public void ThePreviousRunsLateEndLeavesTheNewLeaseOpen()
    {
        var leases = new KnownLeases();
        leases.Accept([Job(7)], reclaim: false);
        leases.Accept([Job(7)], reclaim: false); // restarted before the first end was confirmed

        leases.Ended(7); // the first run's end, confirmed late
        Assert.IsTrue(leases.IsHeld(7), "the second run still holds the job");
        Assert.AreEqual(0, leases.Accept([Job(7)], reclaim: true).Count, "a reclaim does not start the running job twice");

        leases.Ended(7);
        Assert.IsFalse(leases.IsHeld(7));
        Assert.AreEqual(1, leases.Accept([Job(7)], reclaim: true).Count);
    }

    [TestMethod]
    public void EndsFromAnotherThreadAndAcquiresKeepTheCountExact()
    {
        var leases = new KnownLeases();
        const int Runs = 10_000;
        var acquires = Task.Run(() =>
        {
            for (var i = 0; i < Runs; i++)
            {
                leases.Accept([Job(5)], reclaim: false);
            }
        });
        var ends = Task.Run(() =>
        {
            for (var ended = 0; ended < Runs;)
            {
                if (leases.IsHeld(5))
                {
                    leases.Ended(5);
                    ended++;
                }
            }
        });

        Task.WaitAll(acquires, ends);
        Assert.IsFalse(leases.IsHeld(5), "as many ends as leases close them all");
    }
}
