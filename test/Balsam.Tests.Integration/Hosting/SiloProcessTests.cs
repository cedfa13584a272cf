using System.Net;
using System.Text.Json;
using Balsam.Silo.Schema;
using Balsam.Sites;
using Balsam.Tests.Integration.Infrastructure;
using Balsam.Users;
using static Balsam.Tests.Integration.Hosting.HostingFixtures;

namespace Balsam.Tests.Integration.Hosting;

/// <summary>The real <c>balsam-silo</c> executable on its embedded PostgreSQL: serve, stop on SIGTERM, start again.</summary>
[TestClass]
[DoNotParallelize] // child processes compete for the two cores; run them after the parallel classes, one at a time
public sealed class SiloProcessTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task ServesHealthDashboardAndServiceFileThenStopsCleanlyOnSigterm()
    {
        var home = TempFolder("silo-home");
        var data = Path.Combine(home, "postgres");
        var silo = SiloProcess.Start(home);
        try
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            await silo.WaitUntilHealthyAsync(StartTimeout);
            TestContext.WriteLine($"healthy after {clock.Elapsed.TotalSeconds:F2} s:{Environment.NewLine}{silo.Output}");

            using (var health = await SiloProcess.GetAsync(silo.Url("/health")))
            {
                Assert.AreEqual(HttpStatusCode.OK, health.StatusCode);
                Assert.Contains("\"ok\"", await health.Content.ReadAsStringAsync());
            }

            using (var dashboard = await SiloProcess.GetAsync(silo.Url("/dashboard")))
            {
                Assert.AreEqual(HttpStatusCode.OK, dashboard.StatusCode, silo.Output);
                Assert.AreEqual("text/html", dashboard.Content.Headers.ContentType?.MediaType);
                Assert.Contains("<html", await dashboard.Content.ReadAsStringAsync());
            }

            Assert.IsTrue(File.Exists(silo.ServiceFile), "service.json is written once the silo is ready");
            using (var service = JsonDocument.Parse(File.ReadAllText(silo.ServiceFile)))
            {
                Assert.AreEqual($"127.0.0.1:{silo.GatewayPort}", service.RootElement.GetProperty("gateway").GetString());
                Assert.AreEqual(silo.Pid, service.RootElement.GetProperty("pid").GetInt32());
                Assert.AreEqual($"http://127.0.0.1:{silo.DashboardPort}/dashboard", service.RootElement.GetProperty("dashboard").GetString());
                Assert.AreEqual($"http://127.0.0.1:{silo.DashboardPort}/", service.RootElement.GetProperty("http").GetString(),
                    "clients on the machine find the REST API and the query routes");
            }

            var postmaster = PostmasterPid(data);
            Assert.IsNotNull(postmaster, "the silo runs its own PostgreSQL under the Balsam home");
            Assert.IsTrue(IsAlive(postmaster.Value));

            var terminating = DateTime.UtcNow;
            var exitCode = await silo.TerminateAsync(StopTimeout);

            Assert.AreEqual(0, exitCode, silo.Output);
            TestContext.WriteLine($"stopped {(DateTime.UtcNow - terminating).TotalSeconds:F1} s after SIGTERM");
            Assert.IsFalse(File.Exists(silo.ServiceFile), "service.json is removed on stop");
            Assert.IsNull(PostmasterPid(data), "the managed PostgreSQL is stopped: no postmaster.pid");
            Assert.IsTrue(await WaitUntilGoneAsync(postmaster.Value, TimeSpan.FromSeconds(2)), "the postmaster process is gone");
        }
        finally
        {
            await silo.DisposeAsync();
            await StopLeftoverPostgresAsync(data);
            DeleteFolder(home);
        }
    }

    [TestMethod]
    public async Task ASecondStartOnTheSameHomeFindsTheDataAgain()
    {
        var home = TempFolder("silo-home");
        var data = Path.Combine(home, "postgres");
        SiloProcess? silo = null;
        try
        {
            silo = SiloProcess.Start(home);
            await silo.WaitUntilHealthyAsync(StartTimeout);
            long siteId;
            using (var client = await silo.ConnectClientAsync(user: "restart-user"))
            {
                var site = await client.Client().GetGrain<IUserGrain>("restart-user")
                    .CreateSiteAsync(new SiteSpec { Name = "kept-site", Path = "/home/restart-user/site" });
                siteId = site.Id;
                await client.StopAsync(TestContext.CancellationToken);
            }

            Assert.AreEqual(0, await silo.TerminateAsync(StopTimeout), silo.Output);
            await silo.DisposeAsync();

            silo = SiloProcess.Start(home);
            await silo.WaitUntilHealthyAsync(StartTimeout);
            using (var client = await silo.ConnectClientAsync(user: "restart-user"))
            {
                var sites = await client.Client().GetGrain<IUserGrain>("restart-user").ListSitesAsync();
                Assert.AreEqual("kept-site", sites.Single().Name);
                Assert.AreEqual(siteId, sites.Single().Id);
                await client.StopAsync(TestContext.CancellationToken);
            }

            Assert.DoesNotContain("Creating a managed PostgreSQL data folder", silo.Output, "the second start reuses the data folder");
            Assert.DoesNotContain("Applied schema script", silo.Output, "the schema is already current");
            Assert.AreEqual(0, await silo.TerminateAsync(StopTimeout), silo.Output);
        }
        finally
        {
            if (silo is not null)
            {
                await silo.DisposeAsync();
            }

            await StopLeftoverPostgresAsync(data);
            DeleteFolder(home);
        }
    }

    [TestMethod]
    public async Task ASecondSiloOnALiveHomeIsRefusedAndAfterACrashTheNextSiloAdoptsThePostgres()
    {
        var home = TempFolder("silo-home");
        var data = Path.Combine(home, "postgres");
        var silos = new List<SiloProcess>();
        SiloProcess Start() { var silo = SiloProcess.Start(home); silos.Add(silo); return silo; }
        try
        {
            var first = Start();
            await first.WaitUntilHealthyAsync(StartTimeout);
            var postmaster = PostmasterPid(data)!.Value;

            // A second silo on the same home while the first runs: refused, and the first keeps its database.
            var second = Start();
            Assert.AreEqual(1, await second.WaitForExitAsync(TimeSpan.FromSeconds(15)), second.Output);
            Assert.Contains($"balsam-silo: The managed PostgreSQL in '{data}' is in use by another running Balsam silo", second.Output);
            Assert.AreEqual(postmaster, PostmasterPid(data));
            Assert.IsTrue(IsAlive(postmaster), "the refused silo did not stop the first silo's PostgreSQL");
            using (var client = await first.ConnectClientAsync(user: "crash-user"))
            {
                await client.Client().GetGrain<IUserGrain>("crash-user")
                    .CreateSiteAsync(new SiteSpec { Name = "before-crash", Path = "/home/crash-user/site" });
                await client.StopAsync(TestContext.CancellationToken);
            }

            // The first silo crashes: its PostgreSQL keeps running, and the next silo adopts it.
            first.Kill();
            Assert.IsTrue(IsAlive(postmaster), "a killed silo leaves its PostgreSQL running");
            var third = Start();
            await third.WaitUntilHealthyAsync(StartTimeout);
            Assert.Contains("Adopted the managed PostgreSQL already running", third.Output);
            Assert.AreEqual(postmaster, PostmasterPid(data), "no second server was started");
            using (var client = await third.ConnectClientAsync(user: "crash-user"))
            {
                var sites = await client.Client().GetGrain<IUserGrain>("crash-user").ListSitesAsync();
                Assert.AreEqual("before-crash", sites.Single().Name);
                await client.StopAsync(TestContext.CancellationToken);
            }

            Assert.AreEqual(0, await third.TerminateAsync(StopTimeout), third.Output);
            Assert.IsTrue(await WaitUntilGoneAsync(postmaster, TimeSpan.FromSeconds(2)), "the adopter stops the PostgreSQL it adopted");
        }
        finally
        {
            foreach (var silo in silos)
            {
                await silo.DisposeAsync();
            }

            await StopLeftoverPostgresAsync(data);
            DeleteFolder(home);
        }
    }

    [TestMethod]
    public async Task ADatabaseNewerThanTheBuildStopsTheSiloWithAClearMessage()
    {
        var home = TempFolder("silo-home");
        var database = await TestPostgres.CreateDatabaseAsync("future");
        var future = SchemaMigrator.LatestVersion + 1;
        await ScalarAsync(database, $"INSERT INTO balsam_schema_version (version, name) VALUES ({future}, 'next')");
        var silo = SiloProcess.Start(home, "--connection-string", database);
        try
        {
            Assert.AreEqual(1, await silo.WaitForExitAsync(TimeSpan.FromSeconds(15)), silo.Output);
            Assert.Contains($"balsam-silo: The database schema is at version {future}, newer than this build knows", silo.Output);
            Assert.DoesNotContain("   at ", silo.Output, "a clear message, not a stack trace");
            Assert.IsFalse(File.Exists(silo.ServiceFile));
        }
        finally
        {
            await silo.DisposeAsync();
            DeleteFolder(home);
            await DropDatabaseAsync(database);
        }
    }

    [TestMethod]
    public async Task AForeignPostgresDataFolderStopsTheSiloWithAClearMessage()
    {
        var home = TempFolder("silo-home");
        var data = Path.Combine(home, "not-postgres");
        Directory.CreateDirectory(data);
        File.WriteAllText(Path.Combine(data, "notes.txt"), "mine");
        var silo = SiloProcess.Start(home, "--postgres-data", data);
        try
        {
            Assert.AreEqual(1, await silo.WaitForExitAsync(TimeSpan.FromSeconds(15)), silo.Output);
            Assert.Contains($"balsam-silo: '{data}' is not empty and is not a PostgreSQL data folder", silo.Output);
            Assert.AreEqual("mine", File.ReadAllText(Path.Combine(data, "notes.txt")));
        }
        finally
        {
            await silo.DisposeAsync();
            DeleteFolder(home);
        }
    }

    [TestMethod]
    [DataRow("--silo-port", "0", "Port 0 is out of range: use 1-65535 (option silo-port)")]
    [DataRow("--http-port", "70000", "Port 70000 is out of range: use 0-65535 (option http-port)")]
    [DataRow("--dashboard-port", "70000", "Port 70000 is out of range: use 0-65535 (option http-port)")]
    [DataRow("--http-address", "localhost", "HTTP address 'localhost' is not an IP address (option http-address)")]
    [DataRow("--address", "localhost:1", "Address 'localhost:1' is not an IP address (option address)")]
    [DataRow("--clustering", "zookeeper", "Clustering 'zookeeper' is not known: use 'localhost' or 'adonet' (option clustering)")]
    public async Task InvalidOptionsStopTheSiloWithAClearMessageBeforeStartingAnything(string option, string value, string message)
    {
        var home = TempFolder("silo-home");
        var silo = SiloProcess.Start(home, option, value);
        try
        {
            Assert.AreEqual(1, await silo.WaitForExitAsync(TimeSpan.FromSeconds(15)), silo.Output);
            Assert.Contains($"balsam-silo: {message}", silo.Output);
            Assert.DoesNotContain("   at ", silo.Output, "a clear message, not a stack trace");
            Assert.IsFalse(Directory.Exists(Path.Combine(home, "postgres")), "no PostgreSQL was created");
        }
        finally
        {
            await silo.DisposeAsync();
            DeleteFolder(home);
        }
    }
}
