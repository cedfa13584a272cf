using System.Diagnostics;
using System.Text.Json;
using Balsam.Apps;
using Balsam.Client;
using Balsam.Jobs;
using Balsam.Launcher.Pilot;
using Balsam.Launcher.Settings;
using Balsam.Sites;
using Balsam.States;
using Balsam.Tests.Integration.Hosting;
using Balsam.Tests.Integration.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Runtime;
using static Balsam.Tests.Integration.Hosting.HostingFixtures;

namespace Balsam.Tests.Integration.Faults;

/// <summary>
/// Two real <c>balsam-silo</c> processes, ADO.NET clustering on one PostgreSQL database and one Balsam home (so one
/// <c>service.json</c> listing both gateways), and a client given both gateways. One silo is killed with SIGKILL while
/// the client keeps querying and updating jobs.
/// </summary>
[TestClass]
[DoNotParallelize] // child processes compete for the two cores
public sealed class ClusterFailoverTests
{
    private const int JobCount = 300;
    private static readonly string[] FastFailureDetection = ["--probe-timeout-sec", "1", "--missed-probes-limit", "2"];

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task AClientRidesOutAKilledSiloAndNothingStoredIsLost()
    {
        var database = await TestPostgres.CreateDatabaseAsync("failover");
        var clusterId = $"f{Guid.NewGuid():N}"[..12];
        var home = TempFolder("failover");
        var clock = Stopwatch.StartNew();
        void Mark(string what) => TestContext.WriteLine($"{clock.Elapsed.TotalSeconds,6:F2} s {what}");
        string[] arguments = ["--clustering", "adonet", "--connection-string", database, "--cluster-id", clusterId, .. FastFailureDetection];
        var first = SiloProcess.Start(home, arguments);
        await first.WaitUntilHealthyAsync(TimeSpan.FromSeconds(60));
        var second = SiloProcess.Start(home, arguments);
        BalsamClient? client = null;
        try
        {
            await second.WaitUntilHealthyAsync(TimeSpan.FromSeconds(60));
            Mark("both silos healthy");
            CollectionAssert.AreEqual(new[] { $"127.0.0.1:{first.GatewayPort}", $"127.0.0.1:{second.GatewayPort}" }, Gateways(first.ServiceFile),
                "service.json lists both silos' gateways, the first silo first");

            client = await BalsamClient.ConnectAsync(new BalsamClientOptions
            {
                BalsamHome = home, UserName = "failover-user", Token = await first.TokenForAsync("failover-user"),
                ResponseTimeout = TimeSpan.FromSeconds(8), // a call in flight to the killed silo is only answered by its timeout
            });
            Assert.HasCount(2, client.Endpoint.Gateways, "the client was given both gateways");
            var management = client.Cluster.GetGrain<IManagementGrain>(0);
            await WaitForActiveSilosAsync(management, 2, TimeSpan.FromSeconds(30));
            Mark("both silos active; client connected through the service file");

            // The first call of a new cluster activates the user's grain and checks the token cold: on a busy machine it
            // can outlast the short timeout meant for the kill. A read, which is safe to repeat, warms that path first.
            var warm = System.Diagnostics.Stopwatch.StartNew();
            while (true)
            {
                try
                {
                    await client.Sites.FindAsync("failover");
                    break;
                }
                catch (TimeoutException) when (warm.Elapsed < TimeSpan.FromSeconds(60))
                {
                }
            }

            var sitePath = TempFolder("failover-site");
            var site = await client.Sites.CreateAsync(new SiteSpec { Name = "failover", Path = sitePath });
            await client.Apps.RegisterAsync(site.Id, new AppDefinition { Name = "Mark", CommandTemplate = "echo {{ n }} >> marks" });
            var jobs = client.Cluster.GetGrain<IJobServiceGrain>(0);
            var created = await jobs.CreateAsync([.. Enumerable.Range(0, JobCount).Select(n => new JobSpec
            {
                SiteId = site.Id, AppName = "Mark", Workdir = $"mark/{n}", Parameters = new() { ["n"] = $"{n}" },
                Tags = new() { ["round"] = "0" },
            })]);
            var ids = created.Select(j => j.Id).ToArray();
            var before = (await jobs.QueryAsync(new JobQuery { SiteIds = [site.Id] })).ToDictionary(j => j.Id, j => j.State);
            foreach (var chunk in ids.Chunk(50))
            {
                await Task.WhenAll(chunk.Select(id => client.Cluster.GetGrain<IJobGrain>(id).GetAsync())); // activate every job grain
            }

            // Orleans places new activations by the silos' load, so which silo holds more job grains varies: that one is killed.
            var hosts = (await management.GetHosts(onlyActive: true)).Keys.ToList();
            var onFirst = await BalsamGrainsOnAsync(management, hosts.Single(s => s.Endpoint.Port == first.SiloPort));
            var onSecond = await BalsamGrainsOnAsync(management, hosts.Single(s => s.Endpoint.Port == second.SiloPort));
            var (victim, survivor, onVictim) = JobKeys(onFirst).Length >= JobKeys(onSecond).Length ? (first, second, onFirst) : (second, first, onSecond);
            var jobsOnVictim = JobKeys(onVictim);
            Mark($"{JobCount} jobs created; {onVictim.Count} Balsam grains live on the silo to be killed ({jobsOnVictim.Length} jobs)");
            Assert.IsNotEmpty(jobsOnVictim, "some job grains live on the silo that will be killed");

            // Keep calling: bump each job's "round" tag, count the site's jobs; remember what the service acknowledged.
            var caller = new RetryingCaller(clock);
            var acknowledged = new Dictionary<long, int>();
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.CancellationToken);
            TimeSpan? killedAt = null;
            TimeSpan? firstSuccessAfterKill = null;
            var load = Task.Run(async () =>
            {
                for (var round = 1; !stop.IsCancellationRequested; round++)
                {
                    foreach (var id in ids.Where((_, i) => i % 10 == round % 10))
                    {
                        var value = round;
                        await caller.CallAsync(() => client.Cluster.GetGrain<IJobGrain>(id)
                            .UpdateAsync(new JobPatch { Tags = new() { ["round"] = $"{value}" } }), stop.Token);
                        lock (acknowledged)
                        {
                            acknowledged[id] = value;
                        }

                        if (killedAt is not null && firstSuccessAfterKill is null)
                        {
                            firstSuccessAfterKill = clock.Elapsed;
                        }
                    }

                    Assert.AreEqual(JobCount, await caller.CallAsync(() => jobs.CountAsync(new JobQuery { SiteIds = [site.Id] }), stop.Token));
                }
            }, stop.Token);

            await Task.Delay(TimeSpan.FromSeconds(2), TestContext.CancellationToken);
            Assert.IsFalse(load.IsCompleted, $"the load runs: {load.Exception}");
            victim.Kill();
            killedAt = clock.Elapsed;
            Mark($"killed the silo on port {victim.SiloPort} with SIGKILL");
            var orphan = await caller.CallAsync(() => client.Cluster.GetGrain<IJobGrain>(jobsOnVictim[0]).GetAsync(), TestContext.CancellationToken);
            Assert.AreEqual(site.Id, orphan.SiteId);
            Mark($"a job grain of the killed silo answered again {(clock.Elapsed - killedAt.Value).TotalSeconds:F2} s after the kill");

            await WaitForActiveSilosAsync(management, 1, TimeSpan.FromSeconds(45));
            var declaredDead = clock.Elapsed;
            Mark($"the cluster declared it dead after {(declaredDead - killedAt.Value).TotalSeconds:F1} s");
            var resumeDeadline = clock.Elapsed + TimeSpan.FromSeconds(30);
            while (firstSuccessAfterKill is null && clock.Elapsed < resumeDeadline && !load.IsCompleted)
            {
                await Task.Delay(100, TestContext.CancellationToken);
            }

            Assert.IsNotNull(firstSuccessAfterKill, $"calls succeed again after the kill; failures:{Environment.NewLine}{string.Join(Environment.NewLine, caller.Failures)}");
            Mark($"first acknowledged update {(firstSuccessAfterKill.Value - killedAt.Value).TotalSeconds:F2} s after the kill");
            await Task.Delay(TimeSpan.FromSeconds(2), TestContext.CancellationToken); // a few more rounds through the survivor alone
            await stop.CancelAsync();
            try
            {
                await load;
            }
            catch (OperationCanceledException)
            {
                // stopped
            }

            Mark($"load stopped; {caller.TransientFailures} transient failures retried:{Environment.NewLine}{string.Join(Environment.NewLine, caller.Failures)}");
            Assert.IsLessThan(50, caller.TransientFailures, "a failover costs a few retried calls, not a stream of them");

            // Nothing stored is lost: every job is there, in the state it had, with at least the last acknowledged round.
            var after = (await jobs.QueryAsync(new JobQuery { SiteIds = [site.Id] })).ToDictionary(j => j.Id);
            Assert.HasCount(JobCount, after);
            CollectionAssert.AreEquivalent(before.ToList(), after.Select(p => KeyValuePair.Create(p.Key, p.Value.State)).ToList());
            var behind = acknowledged.Where(p => int.Parse(after[p.Key].Tags["round"]) < p.Value).Select(p => p.Key).ToList();
            Assert.IsEmpty(behind, $"acknowledged updates are stored; jobs behind: {string.Join(", ", behind.Take(10))}");
            Assert.IsGreaterThan(JobCount / 2, acknowledged.Count, "the load updated most jobs");

            // The grains that lived on the dead silo answer again, now activated on the survivor.
            var reached = await Task.WhenAll(jobsOnVictim.Select(id => client.Cluster.GetGrain<IJobGrain>(id).GetAsync()));
            Assert.IsTrue(reached.All(j => j.SiteId == site.Id));
            Assert.AreEqual("failover", (await client.Sites.GetAsync(site.Id)).Name);
            var survivorAddress = (await management.GetHosts(onlyActive: true)).Keys.Single();
            Assert.AreEqual(survivor.SiloPort, survivorAddress.Endpoint.Port);
            var nowOnSurvivor = await BalsamGrainsOnAsync(management, survivorAddress);
            var moved = onVictim.Where(nowOnSurvivor.Contains).ToList();
            Assert.IsTrue(jobsOnVictim.All(id => nowOnSurvivor.Any(g => g.Type.ToString() == "balsam-job" && g.GetIntegerKey() == id)),
                "every job grain of the dead silo is active on the survivor");
            Mark($"{moved.Count} of the dead silo's {onVictim.Count} Balsam grains are active on the survivor");
            Assert.IsFalse(survivor.HasExited, survivor.Output);
        }
        finally
        {
            if (client is not null)
            {
                await client.DisposeAsync();
            }

            await first.DisposeAsync();
            await second.DisposeAsync();
            DeleteFolder(home);
            await DropDatabaseAsync(database);
        }
    }

    [TestMethod]
    [Timeout(150_000, CooperativeCancellation = true)]
    public async Task ALauncherRunsEveryJobExactlyOnceThroughAKilledSilo()
    {
        const int jobCount = 120;
        var database = await TestPostgres.CreateDatabaseAsync("failover-run");
        var clusterId = $"r{Guid.NewGuid():N}"[..12];
        var home = TempFolder("failover-run");
        var sitePath = TempFolder("failover-run-site");
        var clock = Stopwatch.StartNew();
        void Mark(string what) => TestContext.WriteLine($"{clock.Elapsed.TotalSeconds,6:F2} s {what}");
        string[] arguments = ["--clustering", "adonet", "--connection-string", database, "--cluster-id", clusterId, .. FastFailureDetection];
        var victim = SiloProcess.Start(home, arguments);
        await victim.WaitUntilHealthyAsync(TimeSpan.FromSeconds(60));
        var survivor = SiloProcess.Start(home, arguments);
        BalsamClient? client = null;
        try
        {
            await survivor.WaitUntilHealthyAsync(TimeSpan.FromSeconds(60));
            client = await BalsamClient.ConnectAsync(new BalsamClientOptions
            {
                BalsamHome = home, UserName = "failover-runner", Token = await survivor.TokenForAsync("failover-runner"), ResponseTimeout = TimeSpan.FromSeconds(8),
            });
            await WaitForActiveSilosAsync(client.Cluster.GetGrain<IManagementGrain>(0), 2, TimeSpan.FromSeconds(30));
            Mark("two silos active");

            Directory.CreateDirectory(Path.Combine(sitePath, "data"));
            var marks = Path.Combine(sitePath, "marks");
            var site = await client.Sites.CreateAsync(new SiteSpec { Name = "failover-run", Path = sitePath });
            await client.Apps.RegisterAsync(site.Id, new AppDefinition { Name = "Mark", CommandTemplate = $"echo {{{{ n }}}} >> {marks}" });
            var jobs = client.Cluster.GetGrain<IJobServiceGrain>(0);
            await jobs.CreateAsync([.. Enumerable.Range(0, jobCount).Select(n => new JobSpec
            {
                SiteId = site.Id, AppName = "Mark", Workdir = $"mark/{n}", Parameters = new() { ["n"] = $"{n}" },
            })]);
            var launcher = new JobLauncherService(client, new LauncherOptions
            {
                Mode = LauncherMode.Serial,
                WallTime = TimeSpan.FromSeconds(100),
                SiteFolder = sitePath,
                SiteId = site.Id,
                IdleTtl = TimeSpan.FromSeconds(5),
                KillGrace = TimeSpan.FromSeconds(2),
            }, SiteSettings.Default with { Launcher = SiteSettings.Default.Launcher with { DelaySec = 0.2 } }, NullLogger.Instance);
            var run = Task.Run(() => launcher.RunAsync(TestContext.CancellationToken));

            while (Lines(marks).Length < jobCount / 4 && !run.IsCompleted)
            {
                await Task.Delay(50, TestContext.CancellationToken);
            }

            victim.Kill();
            Mark($"killed the first silo with SIGKILL after {Lines(marks).Length} of {jobCount} marks");
            var started = await run;
            Mark($"the launcher ended after starting {started} jobs");

            var stored = await jobs.QueryAsync(new JobQuery { SiteIds = [site.Id] });
            Assert.HasCount(jobCount, stored, "no job is lost");
            var states = stored.GroupBy(j => j.State).ToDictionary(g => g.Key, g => g.Count());
            Assert.AreEqual(jobCount, states.GetValueOrDefault(JobState.JobFinished),
                $"every job finished: {string.Join(", ", states.Select(p => $"{p.Key} {p.Value}"))}");
            var counted = Lines(marks).GroupBy(l => l).ToDictionary(g => int.Parse(g.Key), g => g.Count());
            CollectionAssert.AreEquivalent(Enumerable.Range(0, jobCount).ToArray(), counted.Keys.ToArray(), "every job ran");
            Assert.IsEmpty(counted.Where(p => p.Value > 1).ToList(), "no job ran twice");
        }
        finally
        {
            if (client is not null)
            {
                await client.DisposeAsync();
            }

            await victim.DisposeAsync();
            await survivor.DisposeAsync();
            DeleteFolder(home);
            DeleteFolder(sitePath);
            await DropDatabaseAsync(database);
        }
    }

    private static string[] Lines(string path) =>
        File.Exists(path) ? [.. File.ReadAllLines(path).Select(l => l.Trim()).Where(l => l.Length > 0)] : [];

    private static string[] Gateways(string serviceFile)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(serviceFile));
        return [.. document.RootElement.GetProperty("gateways").EnumerateArray().Select(g => g.GetString()!)];
    }

    private static async Task WaitForActiveSilosAsync(IManagementGrain management, int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var hosts = 0;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                hosts = (await management.GetHosts(onlyActive: true).WaitAsync(TimeSpan.FromSeconds(10))).Count;
                if (hosts == count)
                {
                    return;
                }
            }
            catch (Exception e) when (Balsam.Errors.TransientErrors.IsTransient(e))
            {
                // the management grain may have lived on the dead silo
            }

            await Task.Delay(100);
        }

        Assert.Fail($"{hosts} active silos after {timeout.TotalSeconds} s; expected {count}");
    }

    private static long[] JobKeys(IEnumerable<GrainId> grains) =>
        [.. grains.Where(g => g.Type.ToString() == "balsam-job").Select(g => g.GetIntegerKey())];

    private static async Task<HashSet<GrainId>> BalsamGrainsOnAsync(IManagementGrain management, SiloAddress silo) =>
        [.. (await management.GetDetailedGrainStatistics(hostsIds: [silo]))
            .Where(g => g.GrainId.Type.ToString()!.StartsWith("balsam-", StringComparison.Ordinal))
            .Select(g => g.GrainId)];
}
