using Balsam.Client;
using Balsam.Client.Connection;
using Balsam.Client.Hosting;
using Balsam.Silo.Hosting;
using Balsam.Sites;
using Balsam.Tests.Integration.Cli;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Balsam.Tests.Integration.Sdk;

/// <summary><c>services.AddBalsamClient(...)</c>: a hosted app's client connects with the host and is injected like any service.</summary>
[TestClass]
public sealed class HostedClientTests
{
    private static CliTestSilo _silo = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext _) => _silo = await CliTestSilo.StartAsync("sdkhosted");

    [ClassCleanup]
    public static async Task StopAsync() => await _silo.DisposeAsync();

    [TestMethod]
    public async Task AHostedAppGetsAConnectedClientFromDependencyInjectionAndItWorks()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddBalsamClient(o => o with
        {
            Gateway = _silo.Gateway,
            UserName = "hosted-user",
            Token = _silo.TokenFor("hosted-user"),
            BalsamHome = Path.Combine(Path.GetTempPath(), "balsam-test-no-home"),
            ConnectTimeout = TimeSpan.FromSeconds(45),
        });
        BalsamClient balsam;
        using (var host = builder.Build())
        {
            await host.StartAsync();
            balsam = host.Services.GetRequiredService<BalsamClient>();
            Assert.AreSame(balsam, host.Services.GetRequiredService<BalsamClient>(), "a singleton");
            Assert.AreSame(host.Services.GetRequiredService<IClusterClient>(), balsam.Cluster, "over the host's Orleans client");
            Assert.AreEqual("hosted-user", balsam.UserName);
            Assert.AreEqual(_silo.Gateway, balsam.Endpoint.Gateway);
            Assert.AreEqual("options", balsam.Endpoint.Source);

            var site = await balsam.Sites.CreateAsync(new SiteSpec { Name = "hosted", Path = "/lus/hosted" });
            var listed = await balsam.Sites.ListAsync();
            Assert.AreEqual(site.Id, listed.Single().Id);
            Assert.AreEqual("hosted", listed.Single().Name);

            await host.StopAsync();
        }

        Assert.AreNotSame(balsam, BalsamClient.Default, "disposed with the host, it is no longer the default client");
    }

    [TestMethod]
    public async Task AHostWhoseServiceIsNotThereFailsToStartNamingTheAddressAndWhatToRun()
    {
        var port = FreePort.Next();
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddBalsamClient(new BalsamClientOptions { Gateway = $"127.0.0.1:{port}", ConnectTimeout = TimeSpan.FromSeconds(20) });
        using var host = builder.Build();

        var error = await Assert.ThrowsExactlyAsync<BalsamConnectionException>(() => host.StartAsync());

        StringAssert.Contains(error.Message, $"127.0.0.1:{port}");
        StringAssert.Contains(error.Message, "from options");
        StringAssert.Contains(error.Message, "balsam-silo");
    }
}
