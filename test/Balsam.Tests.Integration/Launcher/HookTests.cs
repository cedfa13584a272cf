using Balsam.Launcher.JobLauncher;
using Balsam.Launcher.Settings;
using Balsam.Launcher.SiteAgent;
using Balsam.Sites;
using Balsam.States;
using Balsam.Tests.Integration.Cli;
using Microsoft.Extensions.Logging.Abstractions;

namespace Balsam.Tests.Integration.Launcher;

/// <summary>Hooks written in C# run at the site, in the job's workdir, and move jobs on.</summary>
[TestClass]
[DoNotParallelize]
public sealed class HookTests
{
    [TestMethod]
    public async Task PreprocessFailsAJobHandleErrorRetriesThreeTimesAndPostprocessSpawnsAJob()
    {
        await using var silo = await CliTestSilo.StartAsync("hooks");
        await using var client = await silo.ConnectAsync("hook-user");
        var folder = Directory.CreateTempSubdirectory("balsam-hook-site-").FullName;
        try
        {
            var site = await client.Sites.CreateAsync(new SiteSpec { Name = "hook-site", Path = folder });
            var refused = await client.Jobs.SubmitAsync<Picky>("picky/negative", new { value = -1 });
            var accepted = await client.Jobs.SubmitAsync<Picky>("picky/positive", new { value = 5 });
            var flaky = await client.Jobs.SubmitAsync<Flaky>("flaky/1");
            var spawner = await client.Jobs.SubmitAsync<Spawner>("spawn/1");
            var preambled = await client.Jobs.SubmitAsync<Preambled>("preamble/here");
            var converging = await client.Jobs.SubmitAsync<Converging>("converge/1");
            using var stopAgent = new CancellationTokenSource();
            var agent = new SiteAgentService(client, site.Id, NullLogger.Instance).RunAsync(stopAgent.Token);
            var launcher = new JobLauncherService(client, new LauncherOptions
            {
                Mode = LauncherMode.Mpi, WallTime = TimeSpan.FromMinutes(2), SiteFolder = folder, SiteId = site.Id, IdleTtl = TimeSpan.FromSeconds(4),
            }, SiteSettings.Default with { Launcher = SiteSettings.Default.Launcher with { DelaySec = 0.2 } }, NullLogger.Instance);

            await launcher.RunAsync(CancellationToken.None);
            await stopAgent.CancelAsync();
            await agent;

            await client.Jobs.RefreshAllAsync([refused, accepted, flaky, spawner, converging]);
            Assert.AreEqual(JobState.JobFinished, converging.State);
            Assert.AreEqual(2, converging.Data["iterations"]!.GetValue<int>(), "postprocess asked for a restart once, then finished");
            Assert.AreEqual(2L, await client.Events.Where(jobId: converging.Id, toState: JobState.Running).CountAsync());
            Assert.AreEqual(JobState.Failed, refused.State, "preprocess failed the negative input");
            Assert.AreEqual(JobState.JobFinished, accepted.State);
            StringAssert.Contains(File.ReadAllText(Path.Combine(folder, "data", "picky/positive", "balsam.log")), "checking 5");

            Assert.AreEqual(JobState.Failed, flaky.State);
            Assert.AreEqual(3, flaky.Data["runs"]!.GetValue<int>(), "the counter edited in place in Job.Data was kept across hooks");
            var runs = await client.Events.Where(jobId: flaky.Id, toState: JobState.Running).CountAsync();
            Assert.AreEqual(3, runs);

            Assert.AreEqual($"hello from the preamble of job {preambled.Id} from here",
                File.ReadAllText(Path.Combine(folder, "data", "preamble/here", "job.out")).Trim(), "the preamble ran in the job's shell, in its workdir");

            Assert.AreEqual(JobState.JobFinished, spawner.State);
            var followUp = await client.Jobs.Where(workdirContains: "spawn/1-follow-up").GetAsync();
            Assert.AreEqual(JobState.JobFinished, followUp.State, "the job the hook created ran in the same launcher");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
