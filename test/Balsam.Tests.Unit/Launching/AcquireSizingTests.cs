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
    public void MpiModeAsksWithinTheFreeNodesAndTheConcurrencyLimit()
    {
        var request = AcquireSizing.Next(LauncherMode.Mpi, Launcher, Tags, nodeCount: 8, freeNodeCapacity: 2.5, running: 3, waiting: 0,
            TimeSpan.FromMinutes(30));

        Assert.IsNotNull(request);
        Assert.AreEqual(2, request.MaxJobs, "max_concurrent_mpiruns 5 less 3 running");
        Assert.AreEqual(2.5, request.MaxAggregateNodes);
        Assert.AreEqual(8, request.MaxNodesPerJob);
        Assert.IsFalse(request.SerialOnly);
    }

    [TestMethod]
    public void NothingIsAskedWithoutFreeNodesOrBelowTheConcurrencyLimit()
    {
        Assert.IsNull(AcquireSizing.Next(LauncherMode.Mpi, Launcher, Tags, 8, freeNodeCapacity: 0, running: 1, waiting: 0, TimeSpan.FromMinutes(30)));
        Assert.IsNull(AcquireSizing.Next(LauncherMode.Mpi, Launcher, Tags, 8, freeNodeCapacity: 3, running: 5, waiting: 0, TimeSpan.FromMinutes(30)));
        Assert.IsNull(AcquireSizing.Next(LauncherMode.Mpi, Launcher, Tags, 8, freeNodeCapacity: 3, running: 0, waiting: 1, TimeSpan.FromMinutes(30)),
            "in MPI mode nothing is prefetched: acquired jobs are started first");
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
        Assert.AreEqual(0, request!.MaxWholeNodesPerJob, "half of each node is free, but no node is idle");
        Assert.AreEqual(1.0, request.MaxAggregateNodes);
        Assert.IsNull(AcquireSizing.Next(LauncherMode.Serial, Launcher, Tags, 2, 1.0, 0, 0, TimeSpan.FromMinutes(30), idleNodes: 0)!.MaxWholeNodesPerJob,
            "serial mode runs single-rank jobs, which share nodes");
    }
}
