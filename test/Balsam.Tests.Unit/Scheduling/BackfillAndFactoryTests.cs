using Balsam.Launcher.Scheduling;
using Balsam.Launcher.Scheduling.Cobalt;
using Balsam.Launcher.Scheduling.Common;
using Balsam.Launcher.Scheduling.Local;
using Balsam.Launcher.Scheduling.Lsf;
using Balsam.Launcher.Scheduling.Pbs;
using Balsam.Launcher.Scheduling.Slurm;
using Balsam.Sites;

namespace Balsam.Tests.Unit.Scheduling;

[TestClass]
public sealed class BackfillAndFactoryTests
{
    [TestMethod]
    public void WindowsAreCumulativeLongestFirstPerQueue()
    {
        var windows = BackfillAggregator.Aggregate([("default", 60, 2), ("default", 30, 3), ("default", 60, 1), ("debug", 10, 1), ("debug", 0, 5)]);

        CollectionAssert.AreEqual(
            new[] { new BackfillWindow { NumNodes = 3, WallTimeMin = 60 }, new BackfillWindow { NumNodes = 6, WallTimeMin = 30 } },
            windows["default"]);
        CollectionAssert.AreEqual(new[] { new BackfillWindow { NumNodes = 1, WallTimeMin = 10 } }, windows["debug"]);
    }

    [TestMethod]
    [DataRow("slurm", typeof(SlurmScheduler))]
    [DataRow("PBS", typeof(PbsScheduler))]
    [DataRow("PBSScheduler", typeof(PbsScheduler))]
    [DataRow("lsf", typeof(LsfScheduler))]
    [DataRow("cobalt", typeof(CobaltScheduler))]
    [DataRow("local", typeof(Balsam.Launcher.Scheduling.Local.LocalScheduler))]
    public void TheFactoryBuildsEachScheduler(string name, Type expected) =>
        Assert.IsInstanceOfType(BatchSchedulers.Create(name, new RecordedCommandRunner(), "u", "/site"), expected);

    [TestMethod]
    public void UnknownNamesAreRefused()
    {
        Assert.ThrowsExactly<ArgumentException>(() => BatchSchedulers.Create("sge", new RecordedCommandRunner(), "u", "/site"));
    }
}
