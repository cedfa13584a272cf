using Balsam.Launcher.Pilot;
using Balsam.Launcher.Settings;
using Balsam.Sessions;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Balsam.Tests.Unit.Launching;

/// <summary>What the launcher asks its session for: serial prefetch, MPI node budget, remaining wall time.</summary>
[TestClass]
public sealed class AcquireSizingTests
{
    private static readonly LauncherSettings Launcher = new() { SerialModePrefetchPerRank = 8, MaxConcurrentMpiruns = 5, SortBy = AcquireOrder.Default };

    private static readonly Dictionary<string, string> Tags = new() { ["experiment"] = "xpcs" };

    [TestMethod]
    public void SerialModePrefetchesPerNodeAndAsksForSingleNodeJobsOnly()
    {
        var request = AcquireSizing.Next(LauncherMode.Serial, Launcher, Tags, nodeCount: 4, freeNodeCapacity: 4, running: 0, waiting: 0,
            TimeSpan.FromMinutes(30));

        Assert.IsNotNull(request);
        Assert.AreEqual(32, request.MaxJobs, "8 per node on 4 nodes");
        Assert.IsTrue(request.SerialOnly);
        Assert.IsNull(request.MaxAggregateNodes, "serial mode is not bounded by free nodes");
        Assert.AreEqual(4, request.MaxNodesPerJob);
        Assert.AreSame(Tags, request.FilterTags);
    }

    [TestMethod]
    public void SerialModeTopsUpOnlyWhenHalfThePrefetchIsStarted()
    {
        Assert.IsNull(AcquireSizing.Next(LauncherMode.Serial, Launcher, Tags, 4, 4, 0, waiting: 17, TimeSpan.FromMinutes(30)));
        Assert.IsNotNull(AcquireSizing.Next(LauncherMode.Serial, Launcher, Tags, 4, 4, 0, waiting: 16, TimeSpan.FromMinutes(30)));
    }

    [TestMethod]
    public void MpiModeAsksWithinTheFreeNodesAndTheConcurrencyLimitPlusALeaseAheadQueue()
    {
        var request = AcquireSizing.Next(LauncherMode.Mpi, Launcher, Tags, nodeCount: 8, freeNodeCapacity: 2.5, running: 3, waiting: 0,
            TimeSpan.FromMinutes(30));

        Assert.IsNotNull(request);
        var ahead = AcquireSizing.LeaseAheadPerNode * 8;
        Assert.AreEqual(2 + ahead, request.MaxJobs, "max_concurrent_mpiruns 5 less 3 running, and the queue leased ahead");
        Assert.AreEqual(2.5 + ahead, request.MaxAggregateNodes, "the free nodes, and the queue's node footprint");
        Assert.AreEqual(8, request.MaxNodesPerJob);
        Assert.IsFalse(request.SerialOnly);
    }

    [TestMethod]
    public void MpiModeLeasesAheadWhileItsNodesAreBusyAndTopsUpWhenHalfTheQueueStarted()
    {
        var busy = AcquireSizing.Next(LauncherMode.Mpi, Launcher, Tags, 1, freeNodeCapacity: 0, running: 1, waiting: 0, TimeSpan.FromMinutes(30),
            idleNodes: 0);
        Assert.IsNotNull(busy, "a busy node still keeps a queue, so its next job starts without a round trip");
        Assert.AreEqual(AcquireSizing.LeaseAheadPerNode, busy.MaxAggregateNodes);
        Assert.AreEqual(1, busy.MaxWholeNodesPerJob, "a single-node job queues for the node; nothing larger is leased");

        Assert.IsNull(AcquireSizing.Next(LauncherMode.Mpi, Launcher, Tags, 1, 0, 1, waiting: 3, TimeSpan.FromMinutes(30), waitingNodes: 3),
            "three of four queued: more than half");
        Assert.IsNotNull(AcquireSizing.Next(LauncherMode.Mpi, Launcher, Tags, 1, 0, 1, waiting: 2, TimeSpan.FromMinutes(30), waitingNodes: 2));
        Assert.IsNull(AcquireSizing.Next(LauncherMode.Mpi, Launcher with { MaxConcurrentMpiruns = 1 }, Tags, 8, 7, running: 1, waiting: 3,
            TimeSpan.FromMinutes(30), waitingNodes: 24), "the queue holds its node footprint");
    }

    [TestMethod]
    public void AFastStartingLauncherLeasesAheadWhatItStartsInHalfASecondWithinItsLimit()
    {
        Assert.AreEqual(AcquireSizing.LeaseAheadPerNode * 2.0, AcquireSizing.LeaseAhead(2, nodesStartedPerSecond: 0), "long jobs: the floor");
        Assert.AreEqual(AcquireSizing.LeaseAheadPerNode * 2.0, AcquireSizing.LeaseAhead(2, nodesStartedPerSecond: 10), "5 nodes' worth: under the floor");
        Assert.AreEqual(30.0, AcquireSizing.LeaseAhead(2, nodesStartedPerSecond: 60), "60 a second: half a second's starts");
        Assert.AreEqual(AcquireSizing.MaxLeaseAheadPerNode * 2.0, AcquireSizing.LeaseAhead(2, nodesStartedPerSecond: 1_000), "the ceiling");

        // 120 half-node jobs a second on one node: it tops up when half of 30 nodes' worth has started, not every 2 nodes' worth.
        var request = AcquireSizing.Next(LauncherMode.Mpi, Launcher, Tags, 1, freeNodeCapacity: 0, running: 2, waiting: 20, TimeSpan.FromMinutes(30),
            idleNodes: 0, waitingNodes: 10, nodesStartedPerSecond: 60);
        Assert.IsNotNull(request, "10 of 30 nodes' worth queued");
        Assert.AreEqual(20.0, request.MaxAggregateNodes, "room for the rest of half a second's starts, in nodes' worth");
        Assert.AreEqual(5 - 2 + 30 - 20, request.MaxJobs, "max_concurrent_mpiruns less the running jobs, plus the queue less the waiting jobs");
        Assert.IsNull(AcquireSizing.Next(LauncherMode.Mpi, Launcher, Tags, 1, 0, 2, waiting: 20, TimeSpan.FromMinutes(30), idleNodes: 0, waitingNodes: 10),
            "at no recent rate the floor of 4 nodes' worth is more than full");
    }

    [TestMethod]
    public void TheStartRateCountsTheFootprintStartedInTheLastSecond()
    {
        var rate = new StartRate();
        Assert.AreEqual(0.0, rate.NodesPerSecond(TimeSpan.Zero));
        for (var i = 0; i < 10; i++)
        {
            rate.Started(TimeSpan.FromMilliseconds(100 * i), 0.5);
        }

        Assert.AreEqual(5.0, rate.NodesPerSecond(TimeSpan.FromMilliseconds(950)), 1e-9);
        Assert.AreEqual(2.5, rate.NodesPerSecond(TimeSpan.FromMilliseconds(1_450)), 1e-9, "the first five are more than a second old");
        Assert.AreEqual(0.0, rate.NodesPerSecond(TimeSpan.FromSeconds(5)), "nothing started lately");
    }

    [TestMethod]
    public void JobsMustFitInTheRemainingWallTimeInWholeMinutes()
    {
        var request = AcquireSizing.Next(LauncherMode.Mpi, Launcher, Tags, 1, 1, 0, 0, TimeSpan.FromSeconds(12 * 60 + 59));
        Assert.AreEqual(12, request!.MaxWallTimeMin);

        var lastMinute = AcquireSizing.Next(LauncherMode.Mpi, Launcher, Tags, 1, 1, 0, 0, TimeSpan.FromSeconds(40));
        Assert.AreEqual(0, lastMinute!.MaxWallTimeMin, "under a minute left only jobs of unknown length: a job of a minute or more could only be killed");
    }

    [TestMethod]
    public void APartlyPackedMpiLauncherAsksOnlyForWholeNodeJobsItsIdleNodesCanHold()
    {
        var request = AcquireSizing.Next(LauncherMode.Mpi, Launcher, Tags, 2, freeNodeCapacity: 1.0, running: 2, waiting: 0,
            TimeSpan.FromMinutes(30), idleNodes: 0);
        Assert.AreEqual(1, request!.MaxWholeNodesPerJob, "half of each node is free, but no node is idle: only a single-node job, to queue");
        Assert.AreEqual(1.0 + AcquireSizing.LeaseAheadPerNode * 2, request.MaxAggregateNodes);
        Assert.IsNull(AcquireSizing.Next(LauncherMode.Serial, Launcher, Tags, 2, 1.0, 0, 0, TimeSpan.FromMinutes(30), idleNodes: 0)!.MaxWholeNodesPerJob,
            "serial mode runs single-rank jobs, which share nodes");
    }

    [TestMethod]
    public void EveryRequestLeavesTheJobsOfPythonAppsToBalsamsPythonLauncher()
    {
        var serial = AcquireSizing.Next(LauncherMode.Serial, Launcher, Tags, 1, 1, 0, 0, TimeSpan.FromMinutes(30));
        var mpi = AcquireSizing.Next(LauncherMode.Mpi, Launcher, Tags, 1, 1, 0, 0, TimeSpan.FromMinutes(30));
        Assert.AreEqual(AcquireAppKinds.NotPython, serial!.AppKinds);
        Assert.AreEqual(AcquireAppKinds.NotPython, mpi!.AppKinds);
        Assert.AreEqual(AcquireAppKinds.All, new AcquireRequest().AppKinds, "the processing service gets them");
    }
}
