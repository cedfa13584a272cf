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

/// <summary><c>Run</c> apps end to end: synced from C#, run by the launcher through the runner, awaited as futures.</summary>
[TestClass]
[DoNotParallelize]
public sealed class RunAppTests
{
    [TestMethod]
    public async Task ARunAppsValueAndExceptionReachTheCaller()
    {
        await using var silo = await CliTestSilo.StartAsync("runapps");
        await using var client = await silo.ConnectAsync("run-user");
        var folder = Directory.CreateTempSubdirectory("balsam-run-site-").FullName;
        try
        {
            var site = await client.Sites.CreateAsync(new SiteSpec { Name = "run-site", Path = folder });
            var norm = await client.Jobs.SubmitAsync<VecNorm>("norm/1", new { vec = new[] { 3.0, 4.0 } });
            var good = await client.Jobs.SubmitAsync<Divider>("divide/ok", new { numerator = 84, denominator = 2 });
            var bad = await client.Jobs.SubmitAsync<Divider>("divide/zero", new { numerator = 1, denominator = 0 });
            var ranked = await client.Jobs.SubmitAsync<RankReporter>("ranks/2", null, new JobOptions { RanksPerNode = 2 });

            var launcher = new JobLauncherService(client, new LauncherOptions
            {
                Mode = LauncherMode.Mpi, WallTime = TimeSpan.FromMinutes(5), SiteFolder = folder, SiteId = site.Id,
                IdleTtl = TimeSpan.FromMinutes(5), RunnerCommand = ["dotnet", BalsamCliRunner.FindLauncherAssembly()],
            }, SiteSettings.Default with { Launcher = SiteSettings.Default.Launcher with { DelaySec = 0.2 } }, NullLogger.Instance);
            using var stopAgent = new CancellationTokenSource();
            var agent = new Balsam.Launcher.SiteAgent.SiteAgentService(client, site.Id, NullLogger.Instance).RunAsync(stopAgent.Token);
            using var stopLauncher = new CancellationTokenSource();
            var launched = launcher.RunAsync(stopLauncher.Token);

            Assert.AreEqual(5.0, await norm.ResultAsync<double>(TimeSpan.FromSeconds(90)), 1e-12);
            Assert.AreEqual(42, await good.ResultAsync<int>(TimeSpan.FromSeconds(90)));
            Assert.AreEqual("rank 0 of 2 returned", await ranked.ResultAsync<string>(TimeSpan.FromSeconds(90)), "rank 0's value is the result");
            var rankFiles = Directory.GetFiles(Path.Combine(folder, "data", "ranks/2"), "rank-*.txt").Select(Path.GetFileName).Order().ToList();
            CollectionAssert.AreEqual(new[] { "rank-0-of-2.txt", "rank-1-of-2.txt" }, rankFiles, "both ranks ran under MPICH and read their rank and size");

            // The run failed (RUN_ERROR); the agent's default error hook makes it FAILED, and the future throws.
            var error = await Assert.ThrowsExactlyAsync<BalsamJobFailedException>(() => bad.ResultAsync<int>(TimeSpan.FromSeconds(30)));
            StringAssert.Contains(error.Message, "DivideByZeroException");
            StringAssert.Contains(error.Message, "cannot divide 1 by zero");
            await bad.RefreshAsync();
            Assert.AreEqual(JobState.Failed, bad.State);
            await stopLauncher.CancelAsync();
            await launched;
            await stopAgent.CancelAsync();
            await agent;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [TestMethod]
    public async Task ASiteThatRunsNoUploadedCodeFailsARunAppsJobSayingWhyAndStillRunsCommands()
    {
        await using var silo = await CliTestSilo.StartAsync("runapps-refused");
        await using var client = await silo.ConnectAsync("run-user");
        var folder = Directory.CreateTempSubdirectory("balsam-refusing-site-").FullName;
        try
        {
            var site = await client.Sites.CreateAsync(new SiteSpec { Name = "run-site", Path = folder });
            await client.Apps.RegisterAsync(site.Id, new Balsam.Apps.AppDefinition { Name = "Echo", CommandTemplate = "echo plain" });
            var norm = await client.Jobs.SubmitAsync<VecNorm>("norm/refused", new { vec = new[] { 3.0, 4.0 } });
            var plain = await client.Jobs.CreateAsync(new Balsam.Jobs.JobSpec { SiteId = site.Id, AppName = "Echo", Workdir = "plain/1" });

            var settings = SiteSettings.Default with
            {
                Launcher = SiteSettings.Default.Launcher with { DelaySec = 0.2 },
                Apps = new AppsSettings { AllowUploadedCode = false },
            };
            using var stopLauncher = new CancellationTokenSource();
            var launched = new JobLauncherService(client, new LauncherOptions
            {
                Mode = LauncherMode.Mpi, WallTime = TimeSpan.FromMinutes(5), SiteFolder = folder, SiteId = site.Id,
                IdleTtl = TimeSpan.FromMinutes(5), RunnerCommand = ["dotnet", BalsamCliRunner.FindLauncherAssembly()],
            }, settings, NullLogger.Instance).RunAsync(stopLauncher.Token);
            await Eventually.HoldsAsync(async () =>
            {
                await client.Jobs.RefreshAllAsync([norm, plain]);
                return norm.State == JobState.Failed && plain.State == JobState.JobFinished;
            }, TimeSpan.FromMinutes(2), () => $"norm {norm.State}, plain {plain.State}");
            await stopLauncher.CancelAsync();
            await launched;
            Assert.AreEqual(JobState.Failed, norm.State);
            var failed = await client.Events.Where(jobId: norm.Id, toState: JobState.Failed).GetAsync();
            StringAssert.Contains(failed.Data, "apps.allow_uploaded_code is false");
            Assert.IsFalse(File.Exists(Path.Combine(folder, "data", "norm/refused", "job.out")), "nothing of the app was started");
            Assert.AreEqual(JobState.JobFinished, plain.State, "command apps run no uploaded code and still run");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
