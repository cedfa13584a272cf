using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Balsam.Client;
using Balsam.Client.Connection;
using Balsam.Tests.Tls;

namespace Balsam.Tests.Unit.Tls;

/// <summary>Where a client's TLS settings come from, and how it judges the gateway's certificate.</summary>
[TestClass]
public sealed class ClientTlsSettingsTests
{
    private string _home = null!;

    [TestInitialize]
    public void CreateHome() => _home = Directory.CreateTempSubdirectory("balsam-client-tls-").FullName;

    [TestCleanup]
    public void DeleteHome() => Directory.Delete(_home, recursive: true);

    [TestMethod]
    public void WithoutSettingsTheClientIsPlain()
    {
        Assert.IsNull(Resolve(new BalsamClientOptions()).Tls);
    }

    [TestMethod]
    public void TheServiceFileTurnsTlsOnWithItsCaRelativeToTheHome()
    {
        WriteServiceFile(new { ca = "certs/ca.pem" });

        var tls = Resolve(new BalsamClientOptions()).Tls;

        Assert.IsNotNull(tls);
        Assert.AreEqual(Path.Combine(_home, "certs", "ca.pem"), tls.CaFile);
        Assert.IsNull(tls.Host);
        Assert.AreEqual(Path.Combine(_home, "service.json"), tls.Source);
    }

    [TestMethod]
    public void ANullCaInTheServiceFileTrustsTheSystemStore()
    {
        WriteServiceFile(new { ca = (string?)null, host = "login1.example.org" });

        var tls = Resolve(new BalsamClientOptions()).Tls!;

        Assert.IsNull(tls.CaFile);
        Assert.AreEqual("login1.example.org", tls.Host);
    }

    [TestMethod]
    public void TheServiceFilesTlsGoesOnlyWithItsGateway()
    {
        WriteServiceFile(new { ca = "/etc/ca.pem" });
        Assert.IsNull(Resolve(new BalsamClientOptions { Gateway = "10.0.0.1:30000" }).Tls);
        Assert.IsNull(Resolve(new BalsamClientOptions(), new() { [BalsamClientOptions.GatewayVariable] = "10.0.0.1:30000" }).Tls);
    }

    [TestMethod]
    public void OptionsThenVariablesDecide()
    {
        WriteServiceFile(new { ca = "/etc/ca.pem" });
        Assert.IsNull(Resolve(new BalsamClientOptions { Tls = false }).Tls, "Tls = false wins over the service file");
        Assert.IsNull(Resolve(new BalsamClientOptions(), new() { [BalsamClientOptions.TlsVariable] = "false" }).Tls);

        var fromOptions = Resolve(new BalsamClientOptions { Gateway = "h:1", TlsCaFile = "/opt/ca.pem", TlsHost = "gw" }).Tls!;
        Assert.AreEqual(new ServiceTls("/opt/ca.pem", "gw", "options"), fromOptions);

        var fromVariables = Resolve(new BalsamClientOptions { Gateway = "h:1" }, new()
        {
            [BalsamClientOptions.TlsCaVariable] = "/srv/ca.pem", [BalsamClientOptions.TlsHostVariable] = "gw.example.org",
        }).Tls!;
        Assert.AreEqual(new ServiceTls("/srv/ca.pem", "gw.example.org", BalsamClientOptions.TlsCaVariable), fromVariables);

        var systemStore = Resolve(new BalsamClientOptions { Gateway = "h:1" }, new() { [BalsamClientOptions.TlsVariable] = "true" }).Tls!;
        Assert.IsNull(systemStore.CaFile);
    }

    [TestMethod]
    public void AnUnclearSwitchIsNamed()
    {
        var error = Assert.ThrowsExactly<BalsamConnectionException>(
            () => Resolve(new BalsamClientOptions(), new() { [BalsamClientOptions.TlsVariable] = "maybe" }));
        Assert.AreEqual("BALSAM_TLS='maybe' is neither true nor false.", error.Message);
    }

    [TestMethod]
    public void AChildProcessGetsTheSameSettingsAsVariables()
    {
        var variables = new ServiceTls("/srv/ca.pem", "gw", "options").EnvironmentVariables;
        Assert.AreEqual("true", variables[BalsamClientOptions.TlsVariable]);
        Assert.AreEqual("/srv/ca.pem", variables[BalsamClientOptions.TlsCaVariable]);
        Assert.AreEqual("gw", variables[BalsamClientOptions.TlsHostVariable]);
        Assert.HasCount(1, new ServiceTls(null, null, "options").EnvironmentVariables);
    }

    [TestMethod]
    public void AMissingCaFileIsNamedWithItsSource()
    {
        var missing = Path.Combine(_home, "ca.pem");
        var error = Assert.ThrowsExactly<BalsamConnectionException>(
            () => GatewayTls.Create(new ServiceTls(missing, null, BalsamClientOptions.TlsCaVariable), []));
        Assert.AreEqual($"The TLS CA file {missing} (from BALSAM_TLS_CA) does not exist.", error.Message);
    }

    [TestMethod]
    public void TheGatewaysCertificateMustChainToTheCaAndNameTheHost()
    {
        var ours = TestCertificates.Create(Directory.CreateDirectory(Path.Combine(_home, "ours")).FullName);
        var theirs = TestCertificates.Create(Directory.CreateDirectory(Path.Combine(_home, "theirs")).FullName, "Another CA");
        var tls = GatewayTls.Create(new ServiceTls(ours.CaPem, null, "options"), [(new IPEndPoint(IPAddress.Loopback, 30000), "127.0.0.1")]);
        using var good = ours.LoadServer();
        using var stranger = theirs.LoadServer();

        // SslStream reports chain errors for a private CA: the CA file decides instead.
        Assert.IsNull(tls.Check(good, null, SslPolicyErrors.RemoteCertificateChainErrors));
        StringAssert.StartsWith(tls.Check(stranger, null, SslPolicyErrors.RemoteCertificateChainErrors),
            $"the gateway's certificate 'CN=balsam-gateway' is not signed by a CA in {ours.CaPem} (");
        StringAssert.Contains(tls.Check(good, null, SslPolicyErrors.RemoteCertificateNameMismatch),
            "does not name the host the client checks (its names: localhost, 127.0.0.1)");

        var systemStore = GatewayTls.Create(new ServiceTls(null, null, "options"), []);
        StringAssert.Contains(systemStore.Check(good, null, SslPolicyErrors.RemoteCertificateChainErrors), "is not trusted by the system store");
        Assert.IsNull(systemStore.Check(good, null, SslPolicyErrors.None));
    }

    [TestMethod]
    public void TheHostCheckedIsTheGatewaysHostAsGivenUnlessOneIsNamed()
    {
        var login = new IPEndPoint(IPAddress.Parse("10.1.2.3"), 30000);
        var byIp = new IPEndPoint(IPAddress.Parse("10.1.2.4"), 30000);
        var perGateway = GatewayTls.Create(new ServiceTls(null, null, "options"), [(login, "login1.example.org"), (byIp, "10.1.2.4")]);

        Assert.AreEqual("login1.example.org", perGateway.HostOf(login));
        Assert.AreEqual("login1.example.org", perGateway.HostOf(new IPEndPoint(IPAddress.Parse("10.1.2.3").MapToIPv6(), 30000)));
        Assert.AreEqual("10.1.2.4", perGateway.HostOf(byIp));

        var named = GatewayTls.Create(new ServiceTls(null, "gw.example.org", "options"), [(login, "login1.example.org")]);
        Assert.AreEqual("gw.example.org", named.HostOf(login));

        var sni = new Orleans.Connections.Security.TlsClientAuthenticationOptions();
        perGateway.CreateOptions().OnAuthenticateAsClient!(new Microsoft.AspNetCore.Connections.DefaultConnectionContext { RemoteEndPoint = login }, sni);
        Assert.AreEqual("login1.example.org", sni.TargetHost, "the name sent and checked by the TLS handshake");
    }

    private ServiceEndpoint Resolve(BalsamClientOptions options, Dictionary<string, string>? environment = null) =>
        ServiceEndpointResolver.Resolve(options with { BalsamHome = _home }, name => environment?.GetValueOrDefault(name));

    private void WriteServiceFile(object tls) => File.WriteAllText(Path.Combine(_home, "service.json"), JsonSerializer.Serialize(new
    {
        gateway = "127.0.0.1:30000", clusterId = "balsam", serviceId = "balsam", pid = 1, tls,
    }));
}
