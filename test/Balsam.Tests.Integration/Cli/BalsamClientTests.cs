using System.Diagnostics;
using System.Text.Json;
using Balsam.Apps;
using Balsam.Client;
using Balsam.Client.Connection;
using Balsam.Errors;
using Balsam.Silo.Hosting;
using Balsam.Sites;

namespace Balsam.Tests.Integration.Cli;

/// <summary>The SDK's connection (finding the service, failing clearly) and its site and app managers.</summary>
[TestClass]
public sealed class BalsamClientTests
{
    private static CliTestSilo _silo = null!;
    private static string _root = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext _)
    {
        _silo = await CliTestSilo.StartAsync("client");
        _root = Directory.CreateTempSubdirectory("balsam-client-").FullName;
    }

    [ClassCleanup]
    public static async Task StopAsync()
    {
        await _silo.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    [TestMethod]
    public async Task ConnectingWhereNoSiloListensFailsFastNamingTheAddressAndWhatToRun()
    {
        var port = FreePort.Next();
        var watch = Stopwatch.StartNew();

        var error = await Assert.ThrowsExactlyAsync<BalsamConnectionException>(() => BalsamClient.ConnectAsync(new BalsamClientOptions
        {
            Gateway = $"127.0.0.1:{port}",
            ConnectTimeout = TimeSpan.FromSeconds(20),
        }));

        Assert.IsLessThan(5.0, watch.Elapsed.TotalSeconds, "a refused connection is not retried until the timeout");
        StringAssert.Contains(error.Message, $"127.0.0.1:{port}");
        StringAssert.Contains(error.Message, "balsam-silo");
        StringAssert.Contains(error.Message, "from options");
    }

    [TestMethod]
    public async Task AWrongClusterIdIsRejectedAtOnceAndTheErrorSaysWhichIdsWereUsed()
    {
        var error = await Assert.ThrowsExactlyAsync<BalsamConnectionException>(() => BalsamClient.ConnectAsync(
            _silo.ClientOptions() with { ClusterId = "not-this-one", ConnectTimeout = TimeSpan.FromSeconds(2) }));

        StringAssert.Contains(error.Message, _silo.Gateway);
        StringAssert.Contains(error.Message, "cluster id is 'not-this-one'");
    }

    [TestMethod]
    public async Task TheServiceFileInTheBalsamHomeIsFoundAndExplicitOptionsWin()
    {
        var home = Path.Combine(_root, "home-with-service");
        Directory.CreateDirectory(home);
        File.WriteAllText(Path.Combine(home, "service.json"), JsonSerializer.Serialize(new
        {
            gateway = _silo.Gateway, clusterId = "balsam", serviceId = "balsam", pid = Environment.ProcessId,
        }));

        await using (var client = await BalsamClient.ConnectAsync(new BalsamClientOptions { BalsamHome = home }))
        {
            Assert.AreEqual(Path.Combine(home, "service.json"), client.Endpoint.Source);
            Assert.AreEqual(_silo.Options.GatewayPort, client.Endpoint.Port);
        }

        var explicitGateway = ServiceEndpoint.Resolve(new BalsamClientOptions { BalsamHome = home, Gateway = "10.1.2.3:4000" });
        Assert.AreEqual("options", explicitGateway.Source);
        Assert.AreEqual("10.1.2.3:4000", explicitGateway.Gateway);

        var malformed = Assert.ThrowsExactly<BalsamConnectionException>(
            () => ServiceEndpoint.Resolve(new BalsamClientOptions { Gateway = "no-port-here" }));
        StringAssert.Contains(malformed.Message, "host:port");
    }

    [TestMethod]
    public async Task SitesAndAppsRoundTripAndStayPrivateToTheirOwner()
    {
        await using var alice = await _silo.ConnectAsync("sdk-alice");
        await using var bob = await _silo.ConnectAsync("sdk-bob");
        Assert.AreEqual("sdk-alice", alice.UserName);

        var site = await alice.Sites.CreateAsync(new SiteSpec { Name = "sdk-site", Path = "/lus/sdk-site" });
        var app = await alice.Apps.RegisterAsync(site.Id, new AppDefinition { Name = "Hello", CommandTemplate = "echo Hello, {{ say_hello_to }}!" });
        Assert.IsTrue(app.Definition.Parameters["say_hello_to"].Required);
        Assert.AreEqual("Hello", (await alice.Apps.GetAsync(site.Id, "Hello")).Name);
        Assert.HasCount(1, await alice.Apps.ListAsync(site.Id));

        await alice.Sites.RenameAsync(site.Id, "sdk-site-2");
        await alice.Sites.MoveAsync(site.Id, "/lus/elsewhere");
        var stored = await alice.Sites.GetAsync("sdk-site-2");
        Assert.AreEqual("/lus/elsewhere", stored.Path);
        Assert.AreEqual(site.Id, (await alice.Sites.ListAsync()).Single().Id);

        await Assert.ThrowsExactlyAsync<ResourceNotFoundException>(() => bob.Sites.GetAsync(site.Id));
        await Assert.ThrowsExactlyAsync<ResourceNotFoundException>(() => bob.Apps.ListAsync(site.Id));
        Assert.IsFalse(await bob.Sites.DeleteAsync(site.Id), "another user cannot delete it");

        Assert.IsTrue(await alice.Apps.DeleteAsync(site.Id, "Hello"));
        Assert.IsFalse(await alice.Apps.DeleteAsync(site.Id, "Hello"));
        Assert.IsTrue(await alice.Sites.DeleteAsync(site.Id));
        await Assert.ThrowsExactlyAsync<ResourceNotFoundException>(() => alice.Sites.GetAsync("sdk-site-2"));
    }
}
