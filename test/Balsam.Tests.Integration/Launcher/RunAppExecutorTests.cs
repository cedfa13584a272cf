using Balsam.Apps;
using Balsam.Client;
using Balsam.Client.Jobs;
using Balsam.Launcher.Pilot;
using Balsam.Launcher.Settings;
using Balsam.Sites;
using Balsam.States;
using Balsam.Tests.Integration.Cli;
using Balsam.Tests.Integration.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace Balsam.Tests.Integration.Launcher;

/// <summary>
/// Single-rank <c>Run</c> app jobs on the launcher's warm executor: real launcher, real executor processes, real
/// files. Each job behaves as in its own process (value, exception, workdir, environment, output); a crash takes down
/// only the executor, and a job past the launcher's wall time is timed out.
/// </summary>
[TestClass]
[DoNotParallelize]
public sealed class RunAppExecutorTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [TestMethod]
    public async Task RunJobsOnTheExecutorReturnValuesAndExceptionsInTheirOwnWorkdirEnvironmentAndOutput()
    {
        await using var world = await World.StartAsync("executor-basics", withAgent: true);
        var first = await world.Client.Jobs.SubmitAsync<WhereAmI>("where/1", new { mark = "one" });
        var firstAnswer = Parts(await first.ResultAsync<string>(Patience));
        var second = await world.Client.Jobs.SubmitAsync<WhereAmI>("where/2", new { mark = "two" });
        var secondAnswer = Parts(await second.ResultAsync<string>(Patience));
        var bad = await world.Client.Jobs.SubmitAsync<Divider>("divide/zero", new { numerator = 1, denominator = 0 });
        var good = await world.Client.Jobs.SubmitAsync<Divider>("divide/ok", new { numerator = 84, denominator = 2 });

        Assert.AreEqual(42, await good.ResultAsync<int>(Patience));
        var error = await Assert.ThrowsExactlyAsync<BalsamJobFailedException>(() => bad.ResultAsync<int>(Patience));
        StringAssert.Contains(error.Message, "DivideByZeroException");
        StringAssert.Contains(error.Message, "cannot divide 1 by zero");

        Assert.AreEqual(world.Workdir("where/1"), firstAnswer[0], "Run's working directory is the job's workdir");
        Assert.AreEqual(world.Workdir("where/2"), secondAnswer[0]);
        Assert.AreEqual(first.Id.ToString(), firstAnswer[1], "the job's environment variables are set");
        Assert.AreEqual(second.Id.ToString(), secondAnswer[1]);
        Assert.AreEqual("clean", secondAnswer[3], "what one job set in the environment does not reach the next");
        Assert.AreEqual(firstAnswer[2], secondAnswer[2], "both jobs ran in the same warm executor, not a process each");
        Assert.AreNotEqual(Environment.ProcessId.ToString(), firstAnswer[2], "the executor is a process of its own");
        var output = await File.ReadAllTextAsync(Path.Combine(world.Workdir("where/2"), "job.out"));
        StringAssert.Contains(output, "stdout of two");
        StringAssert.Contains(output, "stderr of two");
        Assert.IsFalse(output.Contains("of one"), "each job's output file holds its own output only");
        StringAssert.Contains(await File.ReadAllTextAsync(Path.Combine(world.Workdir("divide/zero"), "job.out")),
            "Divider.Run threw System.DivideByZeroException", "the exception is described in the job's output, as by the process path");
    }

    [TestMethod]
    public async Task EachVersionOfAnAppRunsItsOwnCodeOnTheSameExecutor()
    {
        await using var world = await World.StartAsync("executor-versions", withAgent: false);
        for (var version = 1; version <= 2; version++)
        {
            var image = VersionedAppImage.Build(version);
            var hash = await world.Client.Cluster.GetGrain<IAppCatalogueGrain>(0).UploadAssemblyAsync(VersionedAppImage.AssemblyName, image);
            await world.Client.Apps.RegisterAsync(world.SiteId, new AppDefinition
            {
                Name = "Greeter",
                RunParameters = [],
                Assembly = new AssemblyImageRef
                {
                    ContentHash = hash, AssemblyName = VersionedAppImage.AssemblyName, TypeName = VersionedAppImage.TypeName, SizeBytes = image.Length,
                },
            });
            var job = await world.Client.Jobs.CreateAsync(new Balsam.Jobs.JobSpec { SiteId = world.SiteId, AppName = "Greeter", Workdir = $"greet/{version}" });
            Assert.AreEqual($"version {version}", await job.ResultAsync<string>(Patience), $"version {version}'s own Run ran");
        }
    }

    [TestMethod]
    public async Task AnAppThatEndsOrCrashesItsExecutorGetsRunErrorAndTheNextJobRunsOnARestartedExecutor()
    {
        await using var world = await World.StartAsync("executor-crashes", withAgent: false);
        var before = Parts(await (await world.Client.Jobs.SubmitAsync<WhereAmI>("where/before", new { mark = "before" })).ResultAsync<string>(Patience))[2];

        var quitter = await world.Client.Jobs.SubmitAsync<Quitter>("quit/7", new { code = 7 });
        var quitError = await world.RunErrorAsync(quitter);
        Assert.AreEqual(7, System.Text.Json.Nodes.JsonNode.Parse(quitError)!["returncode"]!.GetValue<int>(),
            "the job ends with the code the app exited with, as its process would");
        StringAssert.Contains(quitError, "ended with exit code 7 before Run returned");
        StringAssert.Contains(quitError, "quitting", "the job's own output is in the error");

        var afterQuit = Parts(await (await world.Client.Jobs.SubmitAsync<WhereAmI>("where/after-quit", new { mark = "after" })).ResultAsync<string>(Patience))[2];
        Assert.AreNotEqual(before, afterQuit, "the next job ran on a new executor");

        var crasher = await world.Client.Jobs.SubmitAsync<ThreadCrasher>("crash/1");
        var crashError = await world.RunErrorAsync(crasher);
        StringAssert.Contains(crashError, "boom on a worker thread", "the runtime's report of the unhandled exception is in the job's output");
        StringAssert.Contains(crashError, "before Run returned");

        var afterCrash = Parts(await (await world.Client.Jobs.SubmitAsync<WhereAmI>("where/after-crash", new { mark = "after" })).ResultAsync<string>(Patience))[2];
        Assert.AreNotEqual(afterQuit, afterCrash, "the next job ran on a new executor again");
        foreach (var job in new[] { quitter, crasher })
        {
            var events = await world.Client.Events.Where(jobId: job.Id, toState: JobState.Running).ToListAsync();
            Assert.HasCount(1, events, $"job {job.Id} ran once, not again after its executor died");
        }
    }

    [TestMethod]
    public async Task ARunJobPastTheLaunchersWallTimeIsTimedOutAndItsExecutorKilled()
    {
        await using var world = await World.StartAsync("executor-timeout", withAgent: false, wallTime: TimeSpan.FromSeconds(25));
        var stubborn = await world.Client.Jobs.SubmitAsync<Stubborn>("stubborn/1");
        var pidFile = Path.Combine(world.Workdir("stubborn/1"), "pid.txt");
        await Eventually.HoldsAsync(() => Task.FromResult(File.Exists(pidFile) && new FileInfo(pidFile).Length > 0), Patience, () => "the job never started");
        var pid = int.Parse(await File.ReadAllTextAsync(pidFile));

        await world.Launched.WaitAsync(TimeSpan.FromMinutes(2));
        await stubborn.RefreshAsync();
        Assert.AreEqual(JobState.RunTimeout, stubborn.State, "the launcher's wall time ended while Run was running");
        Assert.IsFalse(IsAlive(pid), "the executor that would not return was killed");
    }

    [TestMethod]
    public async Task AKilledLauncherTakesItsExecutorAndTheRunningJobWithIt()
    {
        await using var silo = await CliTestSilo.StartAsync("executor-orphans");
        await using var client = await silo.ConnectAsync("run-user");
        var root = Directory.CreateTempSubdirectory("balsam-executor-orphans-").FullName;
        var folder = Directory.CreateDirectory(Path.Combine(root, "site")).FullName;
        File.WriteAllText(Path.Combine(folder, "settings.yml"), "scheduler: null\n");
        System.Diagnostics.Process? launcher = null;
        try
        {
            var site = await client.Sites.CreateAsync(new SiteSpec { Name = "run-site", Path = folder });
            await client.Jobs.SubmitAsync<Stubborn>("stubborn/orphan");
            launcher = new BalsamCliRunner(silo, Path.Combine(root, "home"), "run-user")
                .StartProcess(folder, "launcher", "-j", "mpi", "-t", "10", "--site", site.Id.ToString(), "--idle-ttl-sec", "600");
            var pidFile = Path.Combine(folder, "data", "stubborn/orphan", "pid.txt");
            await Eventually.HoldsAsync(() => Task.FromResult(File.Exists(pidFile) && new FileInfo(pidFile).Length > 0 || launcher.HasExited),
                Patience, () => "the job never started");
            Assert.IsFalse(launcher.HasExited, "the launcher ran until it was killed");
            var executor = int.Parse(await File.ReadAllTextAsync(pidFile));

            launcher.Kill(entireProcessTree: false); // SIGKILL to the launcher alone, as an OOM killer would
            await launcher.WaitForExitAsync();
            await Eventually.HoldsAsync(() => Task.FromResult(!IsAlive(executor)), TimeSpan.FromSeconds(30),
                () => $"executor {executor} outlived its launcher, with a job a new launcher would run again");
        }
        finally
        {
            if (launcher is not null)
            {
                launcher.Kill(entireProcessTree: true);
                await launcher.WaitForExitAsync();
                launcher.Dispose();
            }

            Directory.Delete(root, recursive: true);
        }
    }

    private static string[] Parts(string? answer) => (answer ?? throw new AssertFailedException("WhereAmI returned null")).Split('|');

    /// <summary>Whether <paramref name="pid"/> is a live process (a zombie waiting for its reaper is not).</summary>
    private static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..] is not ['Z' or 'X', ..];
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or IOException)
        {
            return false;
        }
    }

    /// <summary>A silo, a site, an mpi-mode launcher with the real runner, and (when asked) the site agent.</summary>
    private sealed class World : IAsyncDisposable
    {
        private readonly CliTestSilo _silo;
        private readonly CancellationTokenSource _stop = new();
        private readonly string _folder;
        private Task? _agent;

        private World(CliTestSilo silo, BalsamClient client, string folder)
        {
            _silo = silo;
            Client = client;
            _folder = folder;
        }

        public BalsamClient Client { get; }

        public long SiteId { get; private set; }

        public Task Launched { get; private set; } = Task.CompletedTask;

        public static async Task<World> StartAsync(string name, bool withAgent, TimeSpan? wallTime = null)
        {
            var silo = await CliTestSilo.StartAsync(name);
            var client = await silo.ConnectAsync("run-user");
            var world = new World(silo, client, Directory.CreateTempSubdirectory("balsam-executor-site-").FullName);
            var site = await client.Sites.CreateAsync(new SiteSpec { Name = "run-site", Path = world._folder });
            world.SiteId = site.Id;
            world.Launched = new JobLauncherService(client, new LauncherOptions
            {
                Mode = LauncherMode.Mpi, WallTime = wallTime ?? TimeSpan.FromMinutes(5), SiteFolder = world._folder, SiteId = site.Id,
                IdleTtl = TimeSpan.FromMinutes(5), RunnerCommand = ["dotnet", BalsamCliRunner.FindLauncherAssembly()],
                KillGrace = TimeSpan.FromSeconds(2),
            }, SiteSettings.Default with { Launcher = SiteSettings.Default.Launcher with { DelaySec = 0.2 } }, NullLogger.Instance)
                .RunAsync(world._stop.Token);
            if (withAgent)
            {
                world._agent = new Balsam.Launcher.SiteAgent.SiteAgentService(client, site.Id, NullLogger.Instance).RunAsync(world._stop.Token);
            }

            return world;
        }

        public string Workdir(string workdir) => Path.Combine(_folder, "data", workdir);

        /// <summary>The state data of the job's RUN_ERROR, once it has one.</summary>
        public async Task<string> RunErrorAsync(Job job)
        {
            await Eventually.HoldsAsync(async () =>
            {
                await job.RefreshAsync();
                return job.State is JobState.RunError or JobState.Failed;
            }, Patience, () => $"job {job.Id} is {job.State}");
            return (await Client.Events.Where(jobId: job.Id, toState: JobState.RunError).GetAsync()).Data;
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await Launched;
            if (_agent is not null)
            {
                await _agent;
            }

            await Client.DisposeAsync();
            await _silo.DisposeAsync();
            Directory.Delete(_folder, recursive: true);
            _stop.Dispose();
        }
    }
}
