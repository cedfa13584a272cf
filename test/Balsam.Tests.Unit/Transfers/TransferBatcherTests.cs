using Balsam.Apps;
using Balsam.Launcher.SiteAgent.Transfers;
using Balsam.Launcher.SiteAgent.Transfers.Providers;
using Balsam.Launcher.SiteAgent.Transfers.Providers.Rsync;
using Balsam.Transfers;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Balsam.Tests.Unit.Transfers;

/// <summary>How pending items become tasks, where each item's data goes, and how rsync runs a batch.</summary>
[TestClass]
public sealed class TransferBatcherTests
{
    private static long _id;

    private static TransferItemRecord Item(string alias, TransferDirection direction, string local = ".", string remote = "/r/x.txt", bool recursive = false) => new()
    {
        Id = ++_id, JobId = _id, Slot = "s", Direction = direction, LocalPath = local, RemotePath = remote, LocationAlias = alias, Recursive = recursive,
        State = TransferItemState.Pending,
    };

    [TestMethod]
    public void ItemsAreGroupedByLocationAndDirectionLargestFirstAndCutToTheBatchSize()
    {
        var items = Enumerable.Range(0, 250).Select(_ => Item("dtn", TransferDirection.In))
            .Concat(Enumerable.Range(0, 30).Select(_ => Item("dtn", TransferDirection.Out)))
            .Concat(Enumerable.Range(0, 120).Select(_ => Item("laptop", TransferDirection.In)))
            .ToList();

        var batches = TransferBatcher.Plan(items, batchSize: 100, maxTasks: 10);

        CollectionAssert.AreEqual(new[] { 100, 100, 50, 100, 20, 30 }, batches.Select(b => b.Items.Count).ToArray());
        Assert.IsTrue(batches.All(b => b.Items.All(i => i.LocationAlias == b.LocationAlias && i.Direction == b.Direction)));
        CollectionAssert.AreEqual(new[] { "dtn", "dtn", "dtn", "laptop", "laptop", "dtn" }, batches.Select(b => b.LocationAlias).ToArray());
    }

    [TestMethod]
    public void NoMoreTasksThanFreeSlots()
    {
        var items = Enumerable.Range(0, 500).Select(_ => Item("dtn", TransferDirection.In)).ToList();

        Assert.AreEqual(2, TransferBatcher.Plan(items, 100, maxTasks: 2).Count);
        Assert.AreEqual(0, TransferBatcher.Plan(items, 100, maxTasks: 0).Count, "every slot busy: nothing new");
        Assert.AreEqual(0, TransferBatcher.Plan([], 100, 5).Count);
    }

    [TestMethod]
    public void StageInKeepsTheRemoteNameForDotAndStageOutLeavesFromTheWorkdir()
    {
        var dot = TransferPaths.For(Item("dtn", TransferDirection.In, ".", "/data/in/a.h5"), "/site/data/w");
        Assert.AreEqual("/site/data/w/a.h5", dot.Destination);
        var named = TransferPaths.For(Item("dtn", TransferDirection.In, "inputs/b.h5", "/data/in/a.h5"), "/site/data/w");
        Assert.AreEqual("/site/data/w/inputs/b.h5", named.Destination);
        var folder = TransferPaths.For(Item("dtn", TransferDirection.In, ".", "/data/set", recursive: true), "/site/data/w");
        Assert.AreEqual("/site/data/w", folder.Destination, "a recursive '.' fills the workdir itself");
        var output = TransferPaths.For(Item("dtn", TransferDirection.Out, "out.txt", "/results/j1.txt"), "/site/data/w");
        Assert.AreEqual(("/site/data/w/out.txt", "/results/j1.txt"), (output.Source, output.Destination));
        var escape = Assert.ThrowsExactly<ArgumentException>(() => TransferPaths.For(Item("dtn", TransferDirection.In, "../other/x"), "/site/data/w"));
        StringAssert.Contains(escape.Message, "leads out of the job's workdir");
    }

    [TestMethod]
    public void RsyncStagesInEveryFileOfOneRemoteFolderInOneRun()
    {
        var batch = new TransferBatch("far", "me@dtn", TransferDirection.In,
        [
            new TransferFile(1, "/r/a.txt", "/site/data/j1/a.txt", false),
            new TransferFile(2, "/r/b.txt", "/site/data/j2/b.txt", false),
            new TransferFile(3, "/r/c.txt", "/site/data/j3/renamed.txt", false),
            new TransferFile(4, "/r/set", "/site/data/j1/set", true),
            new TransferFile(5, "/r2/d.txt", "/site/data/j1/d.txt", false),
        ]);

        var runs = RsyncTransferProvider.Runs(batch);

        CollectionAssert.AreEquivalent(new[] { "1,2,3", "5", "4" }, runs.Select(r => string.Join(",", r.Select(f => f.ItemId))).ToArray());
    }

    [TestMethod]
    public void RsyncStagesOutSameNamedFilesOfOneFolderPairTogetherAndEachRenameAlone()
    {
        var batch = new TransferBatch("far", "me@dtn", TransferDirection.Out,
        [
            new TransferFile(1, "/w/a.txt", "/r/a.txt", false),
            new TransferFile(2, "/w/b.txt", "/r/b.txt", false),
            new TransferFile(3, "/w/c.txt", "/r/renamed.txt", false),
            new TransferFile(4, "/w/set", "/r/set", true),
            new TransferFile(5, "/w2/d.txt", "/r/d.txt", false),
        ]);

        var runs = RsyncTransferProvider.Runs(batch);

        CollectionAssert.AreEquivalent(new[] { "1,2", "5", "3", "4" }, runs.Select(r => string.Join(",", r.Select(f => f.ItemId))).ToArray());
    }
}
