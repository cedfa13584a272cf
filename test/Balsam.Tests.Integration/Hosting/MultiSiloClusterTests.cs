using Balsam.Sites;
using Balsam.Tests.Integration.Infrastructure;
using Balsam.Users;
using Npgsql;
using Orleans.Runtime;
using static Balsam.Tests.Integration.Hosting.HostingFixtures;

namespace Balsam.Tests.Integration.Hosting;

/// <summary>Two <c>balsam-silo</c> processes with ADO.NET clustering on one PostgreSQL database form one cluster.</summary>
[TestClass]
[DoNotParallelize] // child processes compete for the two cores; run them after the parallel classes, one at a time
public sealed class MultiSiloClusterTests
{
    private const int Active = 3; // Orleans SiloStatus.Active

    public TestContext TestContext { get; set; } = null!;

    private static async Task<List<(int Port, int Status)>> MembershipAsync(string database, string clusterId)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT Port, Status FROM OrleansMembershipTable WHERE DeploymentId = $1 ORDER BY Port", connection)
        {
            Parameters = { new() { Value = clusterId } },
        };
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(int, int)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetInt32(0), reader.GetInt32(1)));
        }

        return rows;
    }

    [TestMethod]
    public async Task TwoSilosOnOneDatabaseFormOneClusterAndServeThroughEitherGateway()
    {
        var database = await TestPostgres.CreateDatabaseAsync("cluster");
        var clusterId = $"c{Guid.NewGuid():N}"[..12];
        string[] Arguments() => ["--clustering", "adonet", "--connection-string", database, "--cluster-id", clusterId];
        var (homeA, homeB) = (TempFolder("silo-a"), TempFolder("silo-b"));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        void Mark(string what) => TestContext.WriteLine($"{clock.Elapsed.TotalSeconds:F2} s {what}");
        var siloA = SiloProcess.Start(homeA, Arguments());
        var siloB = SiloProcess.Start(homeB, Arguments());
        try
        {
            await Task.WhenAll(siloA.WaitUntilHealthyAsync(TimeSpan.FromSeconds(60)), siloB.WaitUntilHealthyAsync(TimeSpan.FromSeconds(60)));

            Mark("both healthy");
            var expected = new[] { siloA.SiloPort, siloB.SiloPort }.Order().Select(p => (p, Active)).ToArray();
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            var members = await MembershipAsync(database, clusterId);
            while (!members.SequenceEqual(expected) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(200, TestContext.CancellationToken);
                members = await MembershipAsync(database, clusterId);
            }

            CollectionAssert.AreEqual(expected, members.ToArray(),
                $"both silos are Active members of {clusterId}; got [{string.Join(", ", members)}]{Environment.NewLine}" +
                $"A:{Environment.NewLine}{siloA.Output}{Environment.NewLine}B:{Environment.NewLine}{siloB.Output}");

            Mark("both active");
            using (var viaB = await siloB.ConnectClientAsync(clusterId, user: "cluster-user"))
            {
                var site = await viaB.Client().GetGrain<IUserGrain>("cluster-user")
                    .CreateSiteAsync(new SiteSpec { Name = "via-b", Path = "/home/cluster-user/site" });
                Assert.AreEqual(site.Id, await viaB.Client().GetGrain<IUserGrain>("cluster-user").FindSiteIdAsync("via-b"));
                var hosts = await viaB.Client().GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
                CollectionAssert.AreEquivalent(new[] { siloA.SiloPort, siloB.SiloPort }, hosts.Keys.Select(s => s.Endpoint.Port).ToArray(),
                    "the cluster itself sees both silos as active");
                await viaB.StopAsync(TestContext.CancellationToken);
            }

            using (var viaA = await siloA.ConnectClientAsync(clusterId, user: "cluster-user"))
            {
                var sites = await viaA.Client().GetGrain<IUserGrain>("cluster-user").ListSitesAsync();
                Assert.AreEqual("via-b", sites.Single().Name, "the other silo's gateway sees the same grains");
                await viaA.StopAsync(TestContext.CancellationToken);
            }

            Mark("clients done");
            var exits = await Task.WhenAll(siloB.TerminateAsync(TimeSpan.FromSeconds(10)), siloA.TerminateAsync(TimeSpan.FromSeconds(10)));
            CollectionAssert.AreEqual(new[] { 0, 0 }, exits, siloA.Output + siloB.Output);
            Mark("both stopped");
            Assert.IsFalse((await MembershipAsync(database, clusterId)).Any(m => m.Status == Active),
                "stopped silos leave the Active state");
        }
        finally
        {
            await siloA.DisposeAsync();
            await siloB.DisposeAsync();
            DeleteFolder(homeA);
            DeleteFolder(homeB);
            await DropDatabaseAsync(database);
        }
    }
}
