using Balsam.Launcher.Pilot.Mpi;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Balsam.Tests.Unit.Launching;

/// <summary>The job's variables in the merge order of BALSAM-REFERENCE §4.6: app, job id, threads, GPU pinning (later wins).</summary>
[TestClass]
public sealed class JobEnvironmentTests
{
    [TestMethod]
    public void LaterLayersWinAndThreadsAlwaysSetOmpNumThreads()
    {
        var app = new Dictionary<string, string> { ["OMP_NUM_THREADS"] = "99", ["BALSAM_JOB_ID"] = "1", ["FOO"] = "bar" };

        var environment = JobEnvironment.Build(app, 7, 3, [], JobEnvironment.CudaVisibleDevices);

        CollectionAssert.AreEquivalent(
            new Dictionary<string, string> { ["FOO"] = "bar", ["BALSAM_JOB_ID"] = "7", ["OMP_NUM_THREADS"] = "3" }, environment.ToDictionary());
    }

    [TestMethod]
    public void GpuIdsGoToThePlatformsVisibleDevicesVariable()
    {
        var cuda = JobEnvironment.Build(new Dictionary<string, string> { ["CUDA_VISIBLE_DEVICES"] = "0,1,2,3" }, 1, 1, ["3", "2"], JobEnvironment.CudaVisibleDevices);
        Assert.AreEqual("3,2", cuda["CUDA_VISIBLE_DEVICES"], "the node manager's ids override the app's");
        Assert.AreEqual("PCI_BUS_ID", cuda["CUDA_DEVICE_ORDER"]);

        var levelZero = JobEnvironment.Build(new Dictionary<string, string>(), 1, 1, ["0.0", "0.1"], JobEnvironment.LevelZeroAffinityMask);
        Assert.AreEqual("0.0,0.1", levelZero["ZE_AFFINITY_MASK"]);
        Assert.AreEqual("1", levelZero["ZE_ENABLE_PCI_ID_DEVICE_ORDER"]);

        var none = JobEnvironment.Build(new Dictionary<string, string>(), 1, 1, [], JobEnvironment.CudaVisibleDevices);
        Assert.IsFalse(none.ContainsKey("CUDA_VISIBLE_DEVICES"), "no GPU ids: the job sees the node's GPUs as they are");
    }
}
