using Balsam.Apps;
using Balsam.Client;
using Balsam.Client.Auth;
using Balsam.Jobs;
using Balsam.Launcher.Pilot;
using Balsam.Launcher.Settings;
using Balsam.Launcher.SiteAgent;
using Balsam.Sites;
using Balsam.Tests.Integration.Cli;
using Balsam.Tests.Integration.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using static Balsam.States.JobState;

namespace Balsam.Tests.Integration.Launcher;

/// <summary>The site agent: default hooks in the processing service, and the background agent process.</summary>
[TestClass]
[DoNotParallelize]
public sealed class SiteAgentTests
{
    private static CliTestSilo _silo = null!;
    private static BalsamClient _client = null!;
    private static string _root = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext _)
    {
        _silo = await CliTestSilo.StartAsync("agent");
        _client = await _silo.ConnectAsync();
        _root = Directory.CreateTempSubdirectory("balsam-agent-").FullName;
    }

    [ClassCleanup]
    public static async Task StopAsync()
    {
        await _client.DisposeAsync();
        await _silo.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    private static IJobServiceGrain Jobs => _client.Cluster.GetGrain<IJobServiceGrain>(0);

    private static async Task WaitForAsync(Func<Task<bool>> condition, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (!await condition())
        {
            Assert.IsTrue(DateTime.UtcNow < deadline, "timed out waiting; jobs: " + string.Join(", ",
                (await Jobs.QueryAsync(new JobQuery())).Select(j => $"{j.Workdir}={j.State}:{j.StateData}")));
            await Task.Delay(100);
        }
    }

    [TestMethod]
    public async Task DefaultHooksFailErrorsAndRetryTimeoutsWhichRunAgainInASecondLauncher()
    {
        var folder = Path.Combine(_root, "hooks");
        var site = await _client.Sites.CreateAsync(new SiteSpec { Name = "hooks", Path = folder });
        await _client.Apps.RegisterAsync(site.Id, new AppDefinition { Name = "Exit", CommandTemplate = "exit {{ code }}" });
        await _client.Apps.RegisterAsync(site.Id, new AppDefinition { Name = "Sleep", CommandTemplate = "sleep {{ seconds }}" });
        var jobs = await Jobs.CreateAsync(
        [
            new JobSpec { SiteId = site.Id, AppName = "Exit", Workdir = "fails", Parameters = new() { ["code"] = "1" } },
            new JobSpec { SiteId = site.Id, AppName = "Sleep", Workdir = "slow", Parameters = new() { ["seconds"] = "30" } },
        ]);
        var settings = SiteSettings.Default with { Launcher = SiteSettings.Default.Launcher with { DelaySec = 0.2 } };
        LauncherOptions Options(double wallSec) => new()
        {
            Mode = LauncherMode.Mpi, WallTime = TimeSpan.FromSeconds(wallSec), SiteFolder = folder, SiteId = site.Id,
            IdleTtl = TimeSpan.FromSeconds(1), KillGrace = TimeSpan.FromSeconds(2),
        };
        using var stopAgent = new CancellationTokenSource();
        var agent = new SiteAgentService(_client, site.Id, NullLogger.Instance).RunAsync(stopAgent.Token);

        await new JobLauncherService(_client, Options(3), settings, NullLogger.Instance).RunAsync(CancellationToken.None);
        await WaitForAsync(async () => (await Jobs.CountAsync(new JobQuery { Ids = [jobs[0].Id], States = [Failed] })) == 1, TimeSpan.FromSeconds(15));
        await WaitForAsync(async () => (await Jobs.CountAsync(new JobQuery { Ids = [jobs[1].Id], States = [RestartReady] })) == 1, TimeSpan.FromSeconds(15));

        await Jobs.UpdateEachAsync(new Dictionary<long, JobPatch> { [jobs[1].Id] = new() { Data = """{"retry": true}""" } });
        await new JobLauncherService(_client, Options(2), settings, NullLogger.Instance).RunAsync(CancellationToken.None);
        var slowEvents = await Jobs.EventsAsync(new EventQuery { JobIds = [jobs[1].Id], ToState = Running });
        Assert.AreEqual(2, slowEvents.Count, "the timed-out job ran again in the second launcher");

        var site2 = await _client.Sites.GetAsync(site.Id);
        Assert.IsTrue(site2.IsActive(DateTimeOffset.UtcNow), "the agent's heartbeat makes the site Active");
        await stopAgent.CancelAsync();
        await agent;
    }

    [TestMethod]
    public async Task AnAgentRenewsItsTokenAndKeepsWorkingAfterItsFirstTokenExpired()
    {
        var home = Path.Combine(_root, "renewal-home");
        var cli = new BalsamCliRunner(_silo, home);
        (await cli.RunAsync(_root, "site", "init", "renewal", "--platform", "linux")).Succeeded();
        var folder = Path.Combine(_root, "renewal");
        var siteId = (await _client.Sites.GetAsync("renewal")).Id;
        var lifetime = TimeSpan.FromSeconds(20);
        var tokenFile = TokenFile.PathIn(home);
        var first = await TestUsers.TokenAsync(_silo.Options.ConnectionString!, CliTestSilo.DefaultUser, lifetime);
        var firstExpires = DateTime.UtcNow + lifetime;
        TokenFile.Write(tokenFile, first);

        (await cli.RunProcessAsync(folder, "site", "start")).Succeeded();
        var pid = int.Parse(File.ReadAllText(AgentProcess.PidFile(folder)));
        try
        {
            await WaitForAsync(() => Task.FromResult(TokenFile.Read(tokenFile) != first), lifetime);
            Assert.IsTrue(DateTime.UtcNow < firstExpires, "renewed before the first token expired");
            while (DateTime.UtcNow < firstExpires + TimeSpan.FromSeconds(1))
            {
                await Task.Delay(200);
            }

            // The agent reports its settings to the service on a reload: that call only passes with a valid token.
            var settingsFile = Path.Combine(folder, "settings.yml");
            File.WriteAllText(settingsFile, System.Text.RegularExpressions.Regex.Replace(
                File.ReadAllText(settingsFile), "^filter_tags:.*$", "filter_tags:\n  renewed: \"yes\"", System.Text.RegularExpressions.RegexOptions.Multiline));
            (await cli.RunAsync(folder, "site", "sync")).Succeeded();
            await WaitForAsync(async () => (await _client.Sites.GetAsync(siteId)).Settings.FilterTags.ContainsKey("renewed"), TimeSpan.FromSeconds(30));
            Assert.AreEqual(pid, AgentProcess.RunningPid(folder), "the same agent runs on");
            StringAssert.Contains(File.ReadAllText(AgentProcess.LogFile(folder)), "Renewed the token");
        }
        finally
        {
            (await cli.RunProcessAsync(folder, "site", "stop")).Succeeded();
        }
    }

    [TestMethod]
    public async Task SiteStartRunsTheAgentInTheBackgroundAndSiteStopEndsIt()
    {
        var cli = new BalsamCliRunner(_silo, Path.Combine(_root, "home"));
        (await cli.RunAsync(_root, "site", "init", "background", "--platform", "linux")).Succeeded();
        var folder = Path.Combine(_root, "background");
        Assert.IsTrue(File.Exists(Path.Combine(folder, "settings.yml")), "site init wrote the platform's settings");
        Assert.IsTrue(File.Exists(Path.Combine(folder, "job-template.sh")));

        var started = (await cli.RunProcessAsync(folder, "site", "start")).Succeeded();
        StringAssert.Contains(started.Out, "Started the agent of site 'background'");
        var pid = int.Parse(File.ReadAllText(AgentProcess.PidFile(folder)));
        try
        {
            var ls = (await cli.RunAsync(_root, "site", "ls")).Succeeded();
            StringAssert.Contains(ls.Out.Split('\n').Single(l => l.Contains(" background ")), " yes ", "the site is Active");
            StringAssert.Contains((await cli.RunProcessAsync(folder, "site", "start")).Succeeded().Out, "already runs");

            var synced = (await cli.RunAsync(folder, "site", "sync")).Succeeded();
            StringAssert.Contains(synced.Out, $"the agent (pid {pid}) reloads settings and apps");
            await WaitForAsync(() => Task.FromResult(File.ReadAllText(AgentProcess.LogFile(folder)).Contains("Reloading settings and apps")),
                TimeSpan.FromSeconds(30));
            var settingsFile = Path.Combine(folder, "settings.yml");
            var goodSettings = File.ReadAllText(settingsFile);
            File.WriteAllText(settingsFile, "launcher:\n  idle_tll_sec: 5\n");
            var refused = (await cli.RunAsync(folder, "site", "sync")).Failed(1);
            StringAssert.Contains(refused.Error, "idle_tll_sec");
            File.WriteAllText(settingsFile, goodSettings);

            var stopped = (await cli.RunProcessAsync(folder, "site", "stop")).Succeeded();
            StringAssert.Contains(stopped.Out, $"Stopped the agent of site 'background' (pid {pid})");
            Assert.IsNull(AgentProcess.RunningPid(folder));
            var log = File.ReadAllText(AgentProcess.LogFile(folder));
            StringAssert.Contains(log, "Site agent for site");
            StringAssert.Contains(log, "Reloading settings and apps");
        }
        finally
        {
            try
            {
                System.Diagnostics.Process.GetProcessById(pid).Kill();
            }
            catch (ArgumentException)
            {
            }
        }
    }
}
