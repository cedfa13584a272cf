using Balsam.Apps;
using Balsam.Launcher.SiteAgent;
using Balsam.Sites;
using Balsam.States;
using Balsam.Tests.Integration.Cli;
using Balsam.Tests.Integration.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace Balsam.Tests.Integration.Launcher;

/// <summary>A launcher that is already running starts every job after a re-sync with the app's newest definition.</summary>
[TestClass]
[DoNotParallelize]
public sealed class AppResyncTests
{
    [TestMethod]
    public async Task ARunningLauncherUsesTheNewestDefinitionForJobsItStartsAfterAReSync()
    {
        await using var silo = await CliTestSilo.StartAsync("resync");
        await using var client = await silo.ConnectAsync();
        var root = Directory.CreateTempSubdirectory("balsam-resync-").FullName;
        var folder = Directory.CreateDirectory(Path.Combine(root, "site")).FullName;
        File.WriteAllText(Path.Combine(folder, "settings.yml"), "scheduler: null\n");
        var cli = new BalsamCliRunner(silo, Path.Combine(root, "home"));
        using var stopAgent = new CancellationTokenSource();
        Task? agent = null;
        System.Diagnostics.Process? launcher = null;
        try
        {
            var site = await client.Sites.CreateAsync(new SiteSpec { Name = "resync-site", Path = folder });
            await client.Apps.RegisterAsync(site.Id, new AppDefinition { Name = "Say", CommandTemplate = "echo first {{ n }}" });
            agent = new SiteAgentService(client, site.Id, NullLogger.Instance).RunAsync(stopAgent.Token);
            launcher = cli.StartProcess(folder, "launcher", "-j", "serial", "-t", "10", "--site", site.Id.ToString(), "--idle-ttl-sec", "600");
            var output = launcher.StandardOutput.ReadToEndAsync();
            var errors = launcher.StandardError.ReadToEndAsync();

            async Task<string> RunAsync(int n)
            {
                var job = await client.Jobs.CreateAsync(new Balsam.Jobs.JobSpec
                {
                    SiteId = site.Id, AppName = "Say", Workdir = $"say/{n}", Parameters = new() { ["n"] = $"{n}" },
                });
                await Eventually.HoldsAsync(async () =>
                {
                    await job.RefreshAsync();
                    if (launcher.HasExited)
                    {
                        Assert.Fail($"the launcher ended: {await output} {await errors}");
                    }

                    return job.State == JobState.JobFinished;
                }, TimeSpan.FromMinutes(2), () => $"job {n} is {job.State}");
                return File.ReadAllText(Path.Combine(folder, "data", $"say/{n}", "job.out")).Trim();
            }

            Assert.AreEqual("first 1", await RunAsync(1));
            await client.Apps.RegisterAsync(site.Id, new AppDefinition { Name = "Say", CommandTemplate = "echo second {{ n }}" });
            Assert.AreEqual("second 2", await RunAsync(2), "the launcher, still running, used the re-synced template");
            Assert.IsFalse(launcher.HasExited, "the same launcher process ran both jobs");
        }
        finally
        {
            if (launcher is not null)
            {
                launcher.Kill(entireProcessTree: true);
                await launcher.WaitForExitAsync();
                launcher.Dispose();
            }

            await stopAgent.CancelAsync();
            if (agent is not null)
            {
                await agent;
            }

            Directory.Delete(root, recursive: true);
        }
    }
}
