using System.Text.Json;
using Balsam.Client;
using Balsam.Client.Connection;

namespace Balsam.Tests.Unit.Connection;

/// <summary>Several gateways: the comma-separated list, and a service file listing every silo of a cluster.</summary>
[TestClass]
public sealed class GatewayListTests
{
    private string _home = null!;

    [TestInitialize]
    public void CreateHome() => _home = Directory.CreateTempSubdirectory("balsam-gateways-").FullName;

    [TestCleanup]
    public void DeleteHome() => Directory.Delete(_home, recursive: true);

    [TestMethod]
    public void AListKeepsItsOrderSkipsBlanksAndRepeats()
    {
        Assert.IsTrue(GatewayEndpoint.TryParseList(" 127.0.0.1:30000, ,[::1]:30001,127.0.0.1:30000,node2:30002 ", out var gateways, out _));
        CollectionAssert.AreEqual(
            new[] { new GatewayEndpoint("127.0.0.1", 30000), new GatewayEndpoint("::1", 30001), new GatewayEndpoint("node2", 30002) },
            gateways.ToArray());
        Assert.AreEqual("[::1]:30001", gateways[1].ToString());
    }

    [TestMethod]
    public void AMalformedEntryIsNamed()
    {
        Assert.IsFalse(GatewayEndpoint.TryParseList("127.0.0.1:30000,no-port", out _, out var malformed));
        Assert.AreEqual("no-port", malformed);
        Assert.IsFalse(GatewayEndpoint.TryParseList(" , ", out _, out _));
        var error = Assert.ThrowsExactly<BalsamConnectionException>(
            () => ServiceEndpoint.Resolve(new BalsamClientOptions { BalsamHome = _home, Gateway = "127.0.0.1:30000,host:99999" }));
        StringAssert.Contains(error.Message, "'host:99999' in '127.0.0.1:30000,host:99999'");
    }

    [TestMethod]
    public void ExplicitGatewaysAreAllKeptTheFirstBeingHostAndPort()
    {
        var endpoint = ServiceEndpoint.Resolve(new BalsamClientOptions { BalsamHome = _home, Gateway = "10.0.0.1:4000,10.0.0.2:4001" });

        Assert.AreEqual("10.0.0.1:4000", endpoint.Gateway);
        Assert.AreEqual(4000, endpoint.Port);
        Assert.AreEqual("10.0.0.1:4000,10.0.0.2:4001", endpoint.GatewayList);
        Assert.AreEqual("options", endpoint.Source);
    }

    [TestMethod]
    public void AServiceFileOfSeveralSilosGivesEveryGatewayAndProcess()
    {
        WriteServiceFile(new
        {
            gateway = "127.0.0.1:30000", clusterId = "c1", serviceId = "s1", pid = 11,
            gateways = new[] { "127.0.0.1:30000", "127.0.0.1:30001" },
            silos = new[] { new { gateway = "127.0.0.1:30000", pid = 11 }, new { gateway = "127.0.0.1:30001", pid = 12 } },
        });

        var endpoint = ServiceEndpoint.Resolve(new BalsamClientOptions { BalsamHome = _home });

        CollectionAssert.AreEqual(new[] { "127.0.0.1:30000", "127.0.0.1:30001" }, endpoint.Gateways.Select(g => g.ToString()).ToArray());
        CollectionAssert.AreEqual(new[] { 11, 12 }, endpoint.SiloProcessIds.ToArray());
        Assert.AreEqual(11, endpoint.SiloProcessId);
        Assert.AreEqual("c1", endpoint.ClusterId);
    }

    [TestMethod]
    public void AOneSiloServiceFileStillWorks()
    {
        WriteServiceFile(new { gateway = "127.0.0.1:30005", clusterId = "balsam", serviceId = "balsam", pid = 42 });

        var endpoint = ServiceEndpoint.Resolve(new BalsamClientOptions { BalsamHome = _home });

        Assert.AreEqual("127.0.0.1:30005", endpoint.GatewayList);
        Assert.AreEqual(42, endpoint.SiloProcessId);
        CollectionAssert.AreEqual(new[] { 42 }, endpoint.SiloProcessIds.ToArray());
    }

    [TestMethod]
    public void AnEndpointMadeByHandHasItsOneGateway()
    {
        var endpoint = new ServiceEndpoint("127.0.0.1", 30000, "balsam", "balsam", "test", 7);

        Assert.AreEqual("127.0.0.1:30000", endpoint.GatewayList);
        CollectionAssert.AreEqual(new[] { 7 }, endpoint.SiloProcessIds.ToArray());
    }

    private void WriteServiceFile(object content) =>
        File.WriteAllText(Path.Combine(_home, "service.json"), JsonSerializer.Serialize(content));
}
