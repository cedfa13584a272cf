using Balsam.Client.Apps;

namespace Balsam.Tests.Unit.Apps;

/// <summary>A <c>Run</c> app's rank and size, read from what each MPI launcher sets.</summary>
[TestClass]
public sealed class RankInfoTests
{
    private static RankInfo Parse(params (string Name, string Value)[] variables)
    {
        var map = variables.ToDictionary(v => v.Name, v => v.Value);
        return RankInfo.Parse(name => map.GetValueOrDefault(name));
    }

    [TestMethod]
    public void EachLaunchersVariablesGiveRankAndSize()
    {
        Assert.AreEqual(new RankInfo(1, 2), Parse(("PMI_RANK", "1"), ("PMI_SIZE", "2")), "MPICH");
        Assert.AreEqual(new RankInfo(3, 4), Parse(("OMPI_COMM_WORLD_RANK", "3"), ("OMPI_COMM_WORLD_SIZE", "4")), "Open MPI");
        Assert.AreEqual(new RankInfo(5, 8), Parse(("SLURM_PROCID", "5"), ("SLURM_NTASKS", "8")), "srun");
        Assert.AreEqual(new RankInfo(2, 6), Parse(("PALS_RANKID", "2"), ("PMI_SIZE", "6")), "PALS with Cray PMI");
        Assert.AreEqual(new RankInfo(0, 3), Parse(("PMIX_RANK", "0"), ("OMPI_COMM_WORLD_SIZE", "3")), "PMIx");
    }

    [TestMethod]
    public void OutsideMpiAProcessIsRankZeroOfOne()
    {
        var single = Parse();
        Assert.AreEqual(RankInfo.Single, single);
        Assert.AreEqual(0, single.Rank);
        Assert.AreEqual(1, single.Size);
        Assert.IsTrue(single.IsRankZero);
    }

    [TestMethod]
    public void TheMpiLaunchersOwnVariablesWinOverTheBatchJobsSlurmOnes()
    {
        // mpiexec inside a Slurm allocation: the batch script's SLURM_PROCID=0 must not make every rank rank 0.
        var ranks = Parse(("SLURM_PROCID", "0"), ("SLURM_NTASKS", "64"), ("PMI_RANK", "7"), ("PMI_SIZE", "8"));
        Assert.AreEqual(new RankInfo(7, 8), ranks);
        Assert.IsFalse(ranks.IsRankZero);
    }

    [TestMethod]
    public void ARankWithoutASizeHasSizeZeroAndBadNumbersAreNamed()
    {
        Assert.AreEqual(new RankInfo(1, 0), Parse(("PALS_RANKID", "1")));
        var error = Assert.ThrowsExactly<FormatException>(() => Parse(("PMI_RANK", "one")));
        StringAssert.Contains(error.Message, "PMI_RANK=one");
    }

    [TestMethod]
    public void AnAppReadsItsRankAndIsRankZeroOfOneUntilTheRunnerSetsIt()
    {
        var app = new RankedApp();
        Assert.IsTrue(app.IsRankZero);
        Assert.AreEqual(1, app.Size);
        app.RankInfo = new RankInfo(1, 2);
        Assert.AreEqual(1, app.Rank);
        Assert.AreEqual(2, app.Size);
        Assert.IsFalse(app.IsRankZero);
    }

    private sealed class RankedApp : ApplicationDefinition
    {
        public override Balsam.Client.Sites.SiteRef Site => "here";

        public int Run() => Rank;
    }
}
