using Balsam.BatchJobs;
using Balsam.Launcher.Cli;
using Balsam.Launcher.Pilot.Nodes;
using Balsam.Launcher.Settings;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Balsam.Tests.Unit.BatchJobs;

[TestClass]
public sealed class PartitionAndHostListTests
{
    [TestMethod]
    public void APartitionOptionReadsModeNodesAndTagsAndWritesBackTheSame()
    {
        var partition = PartitionOption.ParseOne("serial:3:kind=small:exp=a");
        Assert.AreEqual(JobMode.Serial, partition.JobMode);
        Assert.AreEqual(3, partition.NumNodes);
        Assert.AreEqual("small", partition.FilterTags["kind"]);
        Assert.AreEqual("serial:3:kind=small:exp=a", PartitionOption.Format(partition));
    }

    [TestMethod]
    [DataRow("mpi")]
    [DataRow("gpu:2")]
    [DataRow("mpi:0")]
    [DataRow("mpi:two")]
    [DataRow("mpi:2:kind")]
    public void ABadPartitionNamesTheOptionAndTheSyntax(string value)
    {
        var error = Assert.ThrowsExactly<CliUserException>(() => PartitionOption.ParseOne(value));
        StringAssert.Contains(error.Message, $"--part '{value}'");
        StringAssert.Contains(error.Message, "MODE:NODES");
    }

    [TestMethod]
    public void SlurmHostListsExpandWithTheirZeroPadding()
    {
        CollectionAssert.AreEqual(
            new[] { "nid001234", "nid001240", "nid001241", "nid001242", "login1", "gpu-a7-x" },
            HostListExpander.Expand("nid[001234,001240-001242],login1,gpu-a[7]-x").ToArray());
        CollectionAssert.AreEqual(new[] { "localhost" }, HostListExpander.Expand("localhost").ToArray());
        Assert.ThrowsExactly<FormatException>(() => HostListExpander.Expand("nid[5-2]"));
    }

    [TestMethod]
    public void TheAllocationsNodesComeFromTheSchedulersVariables()
    {
        var nodefile = Path.GetTempFileName();
        try
        {
            File.WriteAllLines(nodefile, ["x3006c0s1b0n0", "x3006c0s1b0n0", "x3006c0s1b1n0"]);
            CollectionAssert.AreEqual(new[] { "x3006c0s1b0n0", "x3006c0s1b1n0" },
                BatchJobNodes.Discover(NodeListSource.PbsNodefile, name => name == "PBS_NODEFILE" ? nodefile : null).ToArray());
        }
        finally
        {
            File.Delete(nodefile);
        }

        CollectionAssert.AreEqual(new[] { "nid01", "nid02" },
            BatchJobNodes.Discover(NodeListSource.SlurmNodelist, name => name == "SLURM_JOB_NODELIST" ? "nid[01-02]" : null).ToArray());
        var missing = Assert.ThrowsExactly<InvalidOperationException>(() => BatchJobNodes.Discover(NodeListSource.SlurmNodelist, _ => null));
        StringAssert.Contains(missing.Message, "SLURM_JOB_NODELIST");
    }
}
