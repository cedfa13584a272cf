using System.Text.Json.Nodes;

namespace Balsam.Tests.Unit.Hosting;

/// <summary>
/// The silo and the <c>balsam</c> executable ship with thread-pool workers that block at once instead of spinning: on
/// a virtual machine the spin's yields were about 29 % of their CPU time in a serial run (README, Benchmarks).
/// </summary>
[TestClass]
public sealed class RuntimeConfigTests
{
    [TestMethod]
    [DataRow("balsam-silo")]
    [DataRow("balsam")]
    public void IdleThreadPoolWorkersDoNotSpin(string executable)
    {
        var path = Path.Combine(AppContext.BaseDirectory, $"{executable}.runtimeconfig.json");
        var options = JsonNode.Parse(File.ReadAllText(path))?["runtimeOptions"]?["configProperties"];

        Assert.AreEqual(0, options?["System.Threading.ThreadPool.UnfairSemaphoreSpinLimit"]?.GetValue<int>(),
            $"{path} should set System.Threading.ThreadPool.UnfairSemaphoreSpinLimit to 0");
    }
}
