using Balsam.Jobs;
using Balsam.Launcher.Pilot.Nodes;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Balsam.Tests.Unit.Launching;

/// <summary>Node accounting per SPEC §5: cores, GPUs and occupancy Σ 1/node_packing_count.</summary>
[TestClass]
public sealed class NodeManagerTests
{
    private static NodeManager Nodes(int count, int cpus = 8, int gpus = 0, bool packing = true) =>
        new(NodeHardware.Uniform(Enumerable.Range(1, count).Select(i => $"node{i}"), cpus, NodeHardware.NumberedGpus(gpus)), packing);

    private static JobResources Job(int nodes = 1, int ranks = 1, int threads = 1, int threadsPerCore = 1, double gpus = 0, int packing = 1) => new()
    {
        NumNodes = nodes,
        RanksPerNode = ranks,
        ThreadsPerRank = threads,
        ThreadsPerCore = threadsPerCore,
        GpusPerRank = gpus,
        NodePackingCount = packing,
    };

    private static NodePlacement Place(NodeManager manager, long id, JobResources job)
    {
        var result = manager.TryPlace(id, job);
        Assert.AreEqual(PlacementOutcome.Placed, result.Outcome, result.Reason);
        return result.Placement!;
    }

    [TestMethod]
    public void FourJobsOfPackingCountFourShareOneNodeAndAFifthWaits()
    {
        var manager = Nodes(1);

        var placements = Enumerable.Range(1, 4).Select(id => Place(manager, id, Job(threads: 2, packing: 4))).ToArray();

        CollectionAssert.AreEqual(new[] { 0, 1 }, placements[0].CpuIds.ToArray());
        CollectionAssert.AreEqual(new[] { 6, 7 }, placements[3].CpuIds.ToArray());
        Assert.IsTrue(placements.All(p => p.Hosts.SequenceEqual(["node1"]) && Math.Abs(p.Occupancy - 0.25) < 1e-9));
        Assert.AreEqual(1.0, manager.Snapshot()[0].Occupancy, 1e-9);
        Assert.AreEqual(0, manager.FreeNodeCapacity, 1e-9);

        var fifth = manager.TryPlace(5, Job(packing: 4));
        Assert.AreEqual(PlacementOutcome.WaitForResources, fifth.Outcome);
        StringAssert.Contains(fifth.Reason, "no node has");
    }

    [TestMethod]
    public void ThirdsAddUpToAFullNodeDespiteRounding()
    {
        var manager = Nodes(1);

        for (var id = 1; id <= 3; id++)
        {
            Place(manager, id, Job(packing: 3));
        }

        Assert.AreEqual(PlacementOutcome.WaitForResources, manager.TryPlace(4, Job(packing: 3)).Outcome);
    }

    [TestMethod]
    public void OccupancyLimitsPackingEvenWithIdleCores()
    {
        var manager = Nodes(1, cpus: 64);

        Place(manager, 1, Job(packing: 2));
        Place(manager, 2, Job(packing: 2));

        Assert.AreEqual(PlacementOutcome.WaitForResources, manager.TryPlace(3, Job(packing: 8)).Outcome);
        Assert.AreEqual(62, manager.Snapshot()[0].IdleCpuIds.Count);
    }

    [TestMethod]
    public void CoresLimitPackingEvenWithFreeOccupancy()
    {
        var manager = Nodes(1, cpus: 4);

        Place(manager, 1, Job(ranks: 2, threads: 2, packing: 4));

        Assert.AreEqual(PlacementOutcome.WaitForResources, manager.TryPlace(2, Job(ranks: 1, packing: 4)).Outcome);
        Assert.AreEqual(0.75, manager.FreeNodeCapacity, 1e-9);
    }

    [TestMethod]
    public void HyperthreadsNeedFewerCoresRoundedUp()
    {
        var manager = Nodes(1, cpus: 8);

        Assert.AreEqual(2, Place(manager, 1, Job(ranks: 2, threads: 2, threadsPerCore: 2, packing: 8)).CpuIds.Count);
        Assert.AreEqual(2, Place(manager, 2, Job(ranks: 3, threads: 1, threadsPerCore: 2, packing: 8)).CpuIds.Count, "1.5 cores round up");
        Assert.AreEqual(1, Place(manager, 3, Job(ranks: 1, threads: 1, threadsPerCore: 4, packing: 8)).CpuIds.Count, "at least one core");
    }

    [TestMethod]
    public void HalfAGpuPerRankPacksTwoRanksPerGpu()
    {
        var manager = Nodes(1, cpus: 32, gpus: 4);

        var placements = Enumerable.Range(1, 8).Select(id => Place(manager, id, Job(gpus: 0.5, packing: 8))).ToArray();

        CollectionAssert.AreEqual(new[] { "0", "0", "1", "1", "2", "2", "3", "3" }, placements.Select(p => p.GpuIds.Single()).ToArray());
        Assert.IsTrue(manager.Snapshot()[0].GpuLoads.Values.All(load => Math.Abs(load - 1) < 1e-9));
        Assert.AreEqual(PlacementOutcome.WaitForResources, manager.TryPlace(9, Job(packing: 16)).Outcome, "the node is full");

        manager.Release(3);
        Assert.AreEqual("1", Place(manager, 10, Job(gpus: 0.5, packing: 8)).GpuIds.Single(), "a freed half GPU is used again");
    }

    [TestMethod]
    public void FractionalJobsFillAPartlyUsedGpuBeforeAnIdleOne()
    {
        var manager = Nodes(1, cpus: 32, gpus: 4);

        Assert.AreEqual("0", Place(manager, 1, Job(gpus: 0.25, packing: 8)).GpuIds.Single());
        Assert.AreEqual("0", Place(manager, 2, Job(gpus: 0.5, packing: 8)).GpuIds.Single());
        CollectionAssert.AreEqual(new[] { "1", "2" }, Place(manager, 3, Job(ranks: 2, gpus: 1, packing: 8)).GpuIds.ToArray());
        CollectionAssert.AreEqual(new[] { "0", "3" }, Place(manager, 4, Job(ranks: 2, gpus: 0.25, packing: 8)).GpuIds.ToArray(),
            "rank 0 takes GPU 0's last quarter, rank 1 a quarter of GPU 3");
        Assert.AreEqual(PlacementOutcome.WaitForResources, manager.TryPlace(5, Job(gpus: 1, packing: 8)).Outcome, "no GPU is whole");
        Assert.AreEqual("3", Place(manager, 6, Job(ranks: 1, gpus: 0.75, packing: 8)).GpuIds.Single());
    }

    [TestMethod]
    public void FourRanksOfHalfAGpuShareTwoGpus()
    {
        var placement = Place(Nodes(1, cpus: 32, gpus: 4), 1, Job(ranks: 4, gpus: 0.5, packing: 2));

        CollectionAssert.AreEqual(new[] { "0", "1" }, placement.GpuIds.ToArray());
    }

    [TestMethod]
    public void AFractionAboveOneTakesWholeGpusRoundedUp()
    {
        var manager = Nodes(1, cpus: 32, gpus: 4);

        CollectionAssert.AreEqual(new[] { "0", "1" }, Place(manager, 1, Job(gpus: 1.5, packing: 2)).GpuIds.ToArray());
        Assert.AreEqual(PlacementOutcome.Impossible, manager.TryPlace(2, Job(ranks: 2, gpus: 2.5)).Outcome, "2 ranks × 3 GPUs > 4");
    }

    [TestMethod]
    public void GpusAreHandedOutInThePlatformsOrder()
    {
        var manager = new NodeManager(NodeHardware.Uniform(["x3001"], 32, ["3", "2", "1", "0"]));

        CollectionAssert.AreEqual(new[] { "3", "2" }, Place(manager, 1, Job(ranks: 2, gpus: 1, packing: 2)).GpuIds.ToArray());
        CollectionAssert.AreEqual(new[] { "1" }, Place(manager, 2, Job(ranks: 1, gpus: 1, packing: 4)).GpuIds.ToArray());
    }

    [TestMethod]
    public void MultiNodeJobsTakeWholeIdleNodes()
    {
        var manager = Nodes(4, gpus: 4);
        Place(manager, 1, Job(packing: 4));

        var wide = Place(manager, 2, Job(nodes: 2, ranks: 4, gpus: 1));

        CollectionAssert.AreEqual(new[] { "node2", "node3" }, wide.Hosts.ToArray());
        Assert.IsTrue(wide.IsMultiNode);
        Assert.AreEqual(0, wide.CpuIds.Count + wide.GpuIds.Count, "whole nodes: no pinning");
        Assert.AreEqual(1, manager.IdleNodeCount);

        var waiting = manager.TryPlace(3, Job(nodes: 2));
        Assert.AreEqual(PlacementOutcome.WaitForResources, waiting.Outcome);
        StringAssert.Contains(waiting.Reason, "needs 2 idle nodes; 1 idle now");
        CollectionAssert.AreEqual(new[] { "node4" }, Place(manager, 4, Job(packing: 1)).Hosts.ToArray(), "a whole-node job takes the idle node");
        CollectionAssert.AreEqual(new[] { "node1" }, Place(manager, 5, Job(packing: 4)).Hosts.ToArray(), "a quarter job packs beside the first");
        var snapshot = manager.Snapshot();
        Assert.AreEqual(1.0, snapshot[1].Occupancy);
        Assert.AreEqual(0, snapshot[1].IdleCpuIds.Count);
    }

    [TestMethod]
    public void ReleaseFreesEverythingAndIsHarmlessTwice()
    {
        var manager = Nodes(2, gpus: 2);
        Place(manager, 1, Job(nodes: 2));
        Assert.AreEqual(0, manager.IdleNodeCount);

        Assert.IsTrue(manager.Release(1));
        Assert.IsFalse(manager.Release(1));

        Assert.AreEqual(2, manager.IdleNodeCount);
        Assert.AreEqual(2, manager.FreeNodeCapacity, 1e-9);
        Assert.IsTrue(manager.Snapshot().All(n => n.IsIdle && n.BusyCpuIds.Count == 0 && n.GpuLoads.Values.All(l => l == 0)));
        Assert.AreEqual(2, Place(manager, 2, Job(nodes: 2)).Hosts.Count);
        Assert.AreEqual(0, manager.PlacedJobIds.Count(id => id == 1));
    }

    [TestMethod]
    public void WithoutNodePackingEveryJobTakesAWholeNode()
    {
        var manager = Nodes(2, packing: false);

        Assert.AreEqual(1.0, Place(manager, 1, Job(packing: 4)).Occupancy);
        Place(manager, 2, Job(packing: 4));

        Assert.AreEqual(PlacementOutcome.WaitForResources, manager.TryPlace(3, Job(packing: 4)).Outcome);
    }

    [TestMethod]
    [DataRow(1, 1, 1, 1, 0.0, 0, "node_packing_count must be at least 1 (got 0)")]
    [DataRow(1, 0, 1, 1, 0.0, 1, "ranks_per_node must be at least 1")]
    [DataRow(0, 1, 1, 1, 0.0, 1, "num_nodes must be at least 1")]
    [DataRow(1, 1, 0, 1, 0.0, 1, "threads_per_rank must be at least 1")]
    [DataRow(1, 1, 1, 0, 0.0, 1, "threads_per_core must be at least 1")]
    [DataRow(1, 1, 1, 1, -1.0, 1, "gpus_per_rank must be a finite number")]
    [DataRow(1, 1, 1, 1, double.NaN, 1, "gpus_per_rank must be a finite number")]
    [DataRow(1, 3, 4, 1, 0.0, 1, "needs 12 cpus (ranks_per_node × threads_per_rank / threads_per_core) but a node has 8")]
    [DataRow(1, 8, 1, 1, 1.0, 1, "needs 8 gpus (8 ranks × 1 gpus_per_rank) but a node has 4")]
    [DataRow(1, 9, 1, 1, 0.5, 1, "and 4.5 gpus (9 ranks × 0.5 gpus_per_rank) but a node has 4")]
    [DataRow(5, 1, 1, 1, 0.0, 1, "needs 5 nodes; this launcher has 4")]
    [DataRow(2, 1, 16, 1, 0.0, 1, "needs 16 cpus")]
    public void ImpossibleJobsAreRejectedWithAReasonInsteadOfWaitingForever(
        int nodes, int ranks, int threads, int threadsPerCore, double gpus, int packing, string reason)
    {
        var manager = Nodes(4, cpus: 8, gpus: 4);

        var result = manager.TryPlace(1, Job(nodes, ranks, threads, threadsPerCore, gpus, packing));

        Assert.AreEqual(PlacementOutcome.Impossible, result.Outcome);
        StringAssert.Contains(result.Reason, reason);
        Assert.AreEqual(0, manager.PlacedJobIds.Count);
        Assert.AreEqual(result.Reason, manager.WhyImpossible(Job(nodes, ranks, threads, threadsPerCore, gpus, packing)));
    }

    [TestMethod]
    public void AJobThatFitsAnEmptyNodeIsNeverImpossibleWhileNodesAreBusy()
    {
        var manager = Nodes(1, cpus: 8, gpus: 4);
        Place(manager, 1, Job(ranks: 4, threads: 2, gpus: 1));

        var result = manager.TryPlace(2, Job(ranks: 4, threads: 2, gpus: 1));

        Assert.AreEqual(PlacementOutcome.WaitForResources, result.Outcome);
        Assert.IsNull(manager.WhyImpossible(Job(ranks: 4, threads: 2, gpus: 1)));
    }

    [TestMethod]
    public void PlacingAJobTwiceIsAnError()
    {
        var manager = Nodes(2);
        Place(manager, 1, Job());

        Assert.ThrowsExactly<InvalidOperationException>(() => manager.TryPlace(1, Job()));
    }

    [TestMethod]
    public void ConcurrentPlacementsNeverOverbook()
    {
        var manager = Nodes(4, cpus: 16, gpus: 4);

        var placed = 0;
        Parallel.For(0, 200, id =>
        {
            if (manager.TryPlace(id, Job(ranks: 1, threads: 2, gpus: 0.5, packing: 8)).IsPlaced)
            {
                Interlocked.Increment(ref placed);
            }
        });

        Assert.AreEqual(32, placed, "4 nodes × 8 jobs");
        foreach (var node in manager.Snapshot())
        {
            Assert.AreEqual(16, node.BusyCpuIds.Distinct().Count());
            Assert.IsTrue(node.GpuLoads.Values.All(load => load <= 1 + 1e-9));
        }
    }
}
