using System.Diagnostics;
using System.Text.Json;
using Balsam.Apps;
using Balsam.Client;
using Balsam.Client.Connection;
using Balsam.Jobs;
using Balsam.Sites;
using Balsam.Tests.Integration.Infrastructure;
using Balsam.Silo.Hosting;
using Balsam.Tests.Tls;
using static Balsam.Tests.Integration.Hosting.HostingFixtures;

namespace Balsam.Tests.Integration.Hosting;

/// <summary>
/// The real <c>balsam-silo</c> with <c>--tls-certificate</c> (a CA and a gateway certificate made in the test): a client
/// that trusts the CA works with no TLS flags (from <c>service.json</c>), a plain client and a client that trusts another
/// CA are refused with errors that say why, and a wrong certificate password stops the silo before it starts.
/// </summary>
[TestClass]
[DoNotParallelize] // a child silo process competes for the two cores
public sealed class GatewayTlsTests
{
    private static readonly TimeSpan RefusalTimeout = TimeSpan.FromSeconds(10);
    private static string _folder = null!;
    private static string _home = null!;
    private static TestCertificates _certificates = null!;
    private static SiloProcess _silo = null!;

    public TestContext TestContext { get; set; } = null!;

    [ClassInitialize]
    public static async Task StartSiloWithTls(TestContext context)
    {
        _folder = TempFolder("tls");
        _home = Directory.CreateDirectory(Path.Combine(_folder, "home")).FullName;
        _certificates = TestCertificates.Create(_folder);
        var database = await TestPostgres.CreateDatabaseAsync("tls");
        _silo = SiloProcess.StartOn(_home, FreePort.Next(), FreePort.Next(), FreePort.Next(),
            new Dictionary<string, string> { ["BALSAM_TlsCertificatePassword"] = TestCertificates.Password }, // not on the command line
            "--connection-string", database, "--tls-certificate", _certificates.ServerPfx, "--tls-ca", _certificates.CaPem);
        await _silo.WaitUntilHealthyAsync(TimeSpan.FromSeconds(60));
        await TestUsers.LogInAsync(database, _home, "tls-user");
    }

    [ClassCleanup]
    public static async Task StopSilo()
    {
        await _silo.DisposeAsync();
        DeleteFolder(_folder);
    }

    [TestMethod]
    public async Task AClientTrustingTheCaFromTheServiceFileCreatesASiteAndAJobAndReadsThemBack()
    {
        using (var service = JsonDocument.Parse(File.ReadAllText(_silo.ServiceFile)))
        {
            Assert.AreEqual(_certificates.CaPem, service.RootElement.GetProperty("tls").GetProperty("ca").GetString(), "service.json names the CA");
        }

        StringAssert.Contains(_silo.Output, "(TLS, certificate CN=balsam-gateway)");
        var clock = Stopwatch.StartNew();
        await using var client = await BalsamClient.ConnectAsync(new BalsamClientOptions { BalsamHome = _home, UserName = "tls-user" });
        TestContext.WriteLine($"connected over TLS in {clock.Elapsed.TotalMilliseconds:F0} ms");
        Assert.AreEqual(new ServiceTls(_certificates.CaPem, null, Path.Combine(_home, "service.json")), client.Endpoint.Tls);

        var site = await client.Sites.CreateAsync(new SiteSpec { Name = "tls-site", Path = Directory.CreateDirectory(Path.Combine(_folder, "site")).FullName });
        await client.Apps.RegisterAsync(site.Id, new AppDefinition { Name = "Echo", CommandTemplate = "echo {{ word }}" });
        var created = await client.Cluster.GetGrain<IJobServiceGrain>(0).CreateAsync(
            [new JobSpec { SiteId = site.Id, AppName = "Echo", Workdir = "echo/1", Parameters = new() { ["word"] = "\"secure\"" } }]);

        var job = await client.Jobs.GetAsync(created.Single().Id);
        Assert.AreEqual("echo/1", job.Workdir);
        Assert.AreEqual(site.Id, job.SiteId);
        Assert.AreEqual("tls-site", (await client.Sites.GetAsync(site.Id)).Name);
        TestContext.WriteLine($"site, app and job created and read back over TLS in {clock.Elapsed.TotalMilliseconds:F0} ms");
    }

    [TestMethod]
    public async Task APlainClientIsRefusedWithAnErrorThatPointsAtTls()
    {
        var clock = Stopwatch.StartNew();
        var error = await Assert.ThrowsExactlyAsync<BalsamConnectionException>(() => BalsamClient.ConnectAsync(new BalsamClientOptions
        {
            BalsamHome = _home, UserName = "tls-user", Tls = false, ConnectTimeout = RefusalTimeout,
        }));
        TestContext.WriteLine($"refused after {clock.Elapsed.TotalSeconds:F1} s:{Environment.NewLine}{error.Message}");

        StringAssert.Contains(error.Message, $"at 127.0.0.1:{_silo.GatewayPort} did not accept this client");
        StringAssert.Contains(error.Message, "this client connects in plain text; if the silo requires TLS (balsam-silo --tls-certificate), " +
            "connect with TLS: BALSAM_TLS_CA=ca.pem");
    }

    [TestMethod]
    public async Task AClientThatTrustsAnotherCaIsRefusedAndToldWhy()
    {
        var other = TestCertificates.Create(Directory.CreateDirectory(Path.Combine(_folder, "other")).FullName, "Some Other CA");
        var error = await Assert.ThrowsExactlyAsync<BalsamConnectionException>(() => BalsamClient.ConnectAsync(new BalsamClientOptions
        {
            Gateway = $"127.0.0.1:{_silo.GatewayPort}", BalsamHome = _home, UserName = "tls-user", TlsCaFile = other.CaPem,
            ConnectTimeout = RefusalTimeout,
        }));
        TestContext.WriteLine(error.Message);

        StringAssert.Contains(error.Message,
            $"TLS: this client refused the gateway's certificate: the gateway's certificate 'CN=balsam-gateway' is not signed by a CA in {other.CaPem} (");
    }

    [TestMethod]
    public async Task AClientThatChecksAnotherHostNameIsRefused()
    {
        var error = await Assert.ThrowsExactlyAsync<BalsamConnectionException>(() => BalsamClient.ConnectAsync(new BalsamClientOptions
        {
            Gateway = $"127.0.0.1:{_silo.GatewayPort}", BalsamHome = _home, UserName = "tls-user", TlsCaFile = _certificates.CaPem,
            TlsHost = "login1.example.org", ConnectTimeout = RefusalTimeout,
        }));

        StringAssert.Contains(error.Message, "does not name the host the client checks (its names: localhost, 127.0.0.1)");
    }

    [TestMethod]
    public async Task AWrongCertificatePasswordStopsTheSiloBeforeItStartsAndSaysWhy()
    {
        var home = TempFolder("tls-wrong");
        var passwordFile = Path.Combine(home, "password");
        await File.WriteAllTextAsync(passwordFile, "not-the-password\n", TestContext.CancellationToken);
        await using var silo = SiloProcess.Start(home, "--tls-certificate", _certificates.ServerPfx, "--tls-certificate-password-file", passwordFile);
        try
        {
            Assert.AreEqual(1, await silo.WaitForExitAsync(TimeSpan.FromSeconds(30)), silo.Output);
            StringAssert.Contains(silo.Output, $"balsam-silo: TLS certificate '{_certificates.ServerPfx}' cannot be opened with the given password");
            Assert.IsFalse(Directory.Exists(Path.Combine(home, "postgres")), "nothing was started: no managed PostgreSQL");
        }
        finally
        {
            DeleteFolder(home);
        }
    }
}
