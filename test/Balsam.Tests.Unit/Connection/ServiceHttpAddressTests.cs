using System.Text.Json;
using Balsam.Client;
using Balsam.Client.Connection;
using Balsam.Client.Http;

namespace Balsam.Tests.Unit.Connection;

/// <summary>
/// Where a client finds the service's HTTP address (always beside the gateways it uses), and when a short command may
/// send its token there.
/// </summary>
[TestClass]
public sealed class ServiceHttpAddressTests
{
    private string _home = null!;

    [TestInitialize]
    public void CreateHome() => _home = Directory.CreateTempSubdirectory("balsam-client-http-").FullName;

    [TestCleanup]
    public void DeleteHome() => Directory.Delete(_home, recursive: true);

    [TestMethod]
    public void TheServiceFileNamesTheHttpAddressBesideItsGateways()
    {
        WriteServiceFile("http://127.0.0.1:8080/");
        Assert.AreEqual(new Uri("http://127.0.0.1:8080/"), Resolve(new BalsamClientOptions()).Http);
    }

    [TestMethod]
    public void AnHttpAddressIsTakenOnlyFromWhereTheGatewayCameFrom()
    {
        WriteServiceFile("http://127.0.0.1:8080/");
        Assert.IsNull(Resolve(new BalsamClientOptions(), new() { [BalsamClientOptions.GatewayVariable] = "10.0.0.1:30000" }).Http,
            "the service file's address belongs to another service than BALSAM_GATEWAY's");
        Assert.IsNull(Resolve(new BalsamClientOptions { Gateway = "10.0.0.1:30000" }).Http);
        Assert.AreEqual(new Uri("http://127.0.0.1:9000/"), Resolve(new BalsamClientOptions(), new()
        {
            [BalsamClientOptions.GatewayVariable] = "127.0.0.1:30000",
            [BalsamClientOptions.HttpVariable] = "http://127.0.0.1:9000",
        }).Http, "BALSAM_HTTP beside BALSAM_GATEWAY, with the trailing slash a base address needs");
    }

    [TestMethod]
    public void OlderServiceFilesAndNoSettingsMeanNoHttpAddress()
    {
        WriteServiceFile(null);
        Assert.IsNull(Resolve(new BalsamClientOptions()).Http);
        File.Delete(Path.Combine(_home, "service.json"));
        Assert.IsNull(Resolve(new BalsamClientOptions()).Http);
    }

    [TestMethod]
    public void AServiceFileWhoseSilosAreGoneNamesNoHttpAddress()
    {
        WriteServiceFile("http://127.0.0.1:8080/", pid: 99_999_999);
        Assert.IsNull(Resolve(new BalsamClientOptions()).Http, "the dead silo's port may since belong to someone else");
    }

    [TestMethod]
    [DataRow("ftp://127.0.0.1:9000/")]
    [DataRow("127.0.0.1:9000")]
    public void AMalformedHttpAddressIsIgnoredForTheGateway(string http)
    {
        var endpoint = Resolve(new BalsamClientOptions(), new()
        {
            [BalsamClientOptions.GatewayVariable] = "127.0.0.1:30000",
            [BalsamClientOptions.HttpVariable] = http,
        });
        Assert.IsNull(endpoint.Http, "the listings then go through the gateway");
        Assert.AreEqual("127.0.0.1:30000", endpoint.Gateway, "the launcher, the agent and the SDK still connect");
    }

    [TestMethod]
    [DataRow("http://127.0.0.1:8080/", true)]
    [DataRow("http://localhost:8080/", false)]
    [DataRow("http://[::1]:8080/", true)]
    [DataRow("https://service.example.org/", true)]
    [DataRow("http://10.1.2.3:8080/", false)]
    [DataRow("http://login1.example.org:8080/", false)]
    public void TheTokenTravelsInPlainTextOnlyToALoopbackAddress(string http, bool offered)
    {
        using var client = ServiceQueryClient.TryCreate(new BalsamClientOptions { BalsamHome = _home }, Environment(http, token: "t0ken"));
        Assert.AreEqual(offered, client is not null, http);
        if (client is not null)
        {
            Assert.AreEqual(new Uri(http), client.BaseAddress);
        }
    }

    [TestMethod]
    public void WithoutATokenOrWithANamedUserTheGatewayAnswers()
    {
        Assert.IsNull(ServiceQueryClient.TryCreate(new BalsamClientOptions { BalsamHome = _home }, Environment("http://127.0.0.1:8080/", token: null)),
            "no token: the gateway says how to log in");
        Assert.IsNull(ServiceQueryClient.TryCreate(new BalsamClientOptions { BalsamHome = _home, UserName = "alice" },
            Environment("http://127.0.0.1:8080/", token: "t0ken")), "the gateway checks the named user against the token's");
    }

    private static Func<string, string?> Environment(string http, string? token) => name => name switch
    {
        BalsamClientOptions.GatewayVariable => "127.0.0.1:30000",
        BalsamClientOptions.HttpVariable => http,
        BalsamClientOptions.TokenVariable => token,
        _ => null,
    };

    private ServiceEndpoint Resolve(BalsamClientOptions options, Dictionary<string, string>? environment = null) =>
        ServiceEndpointResolver.Resolve(options with { BalsamHome = _home }, name => environment?.GetValueOrDefault(name));

    /// <param name="http">The HTTP address; null for a file an older silo wrote.</param>
    /// <param name="pid">The silo's process (1 runs always).</param>
    private void WriteServiceFile(string? http, int pid = 1) => File.WriteAllText(Path.Combine(_home, "service.json"), JsonSerializer.Serialize(new
    {
        gateway = "127.0.0.1:30000", clusterId = "balsam", serviceId = "balsam", pid, http,
    }));
}
