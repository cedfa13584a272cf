using Balsam.Launcher.Pilot;
using Balsam.Launcher.Settings;
using Balsam.Launcher.SiteAgent;
using Balsam.Sites;
using Balsam.States;
using Balsam.Tests.Integration.Cli;
using Balsam.Tests.Integration.Infrastructure;
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
            var bashful = await client.Jobs.SubmitAsync<Bashful>("preamble/bash");
            var converging = await client.Jobs.SubmitAsync<Converging>("converge/1");
            using var stopAgent = new CancellationTokenSource();
            var agent = new SiteAgentService(client, site.Id, NullLogger.Instance).RunAsync(stopAgent.Token);
            var launcher = new JobLauncherService(client, new LauncherOptions
            {
                Mode = LauncherMode.Mpi, WallTime = TimeSpan.FromMinutes(5), SiteFolder = folder, SiteId = site.Id, IdleTtl = TimeSpan.FromMinutes(5),
            }, SiteSettings.Default with { Launcher = SiteSettings.Default.Launcher with { DelaySec = 0.2 } }, NullLogger.Instance);
            using var stopLauncher = new CancellationTokenSource();
            var launched = launcher.RunAsync(stopLauncher.Token);

            // The launcher runs until every job (and the one a hook creates) has ended, however slow the machine is.
            Balsam.Client.Jobs.Job[] all = [refused, accepted, flaky, spawner, preambled, bashful, converging];
            await Eventually.HoldsAsync(async () =>
            {
                await client.Jobs.RefreshAllAsync(all);
                var followUps = await client.Jobs.Where(workdirContains: "spawn/1-follow-up", state: JobState.JobFinished).CountAsync();
                return followUps == 1 && all.All(j => j.State is JobState.JobFinished or JobState.Failed);
            }, TimeSpan.FromMinutes(3), () => string.Join(", ", all.Select(j => $"{j.Workdir} {j.State}")));
            await stopLauncher.CancelAsync();
            await launched;
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

            Assert.AreEqual("bash sourced", File.ReadAllText(Path.Combine(folder, "data", "preamble/bash", "job.out")).Trim(),
                "the preamble and the command ran under bash: source and [[ ]] worked");
            await bashful.RefreshAsync();
            Assert.AreEqual(JobState.JobFinished, bashful.State);

            Assert.AreEqual(JobState.JobFinished, spawner.State);
            var followUp = await client.Jobs.Where(workdirContains: "spawn/1-follow-up").GetAsync();
            Assert.AreEqual(JobState.JobFinished, followUp.State, "the job the hook created ran in the same launcher");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [TestMethod]
    public async Task WithSeveralWorkersHooksRunAtOnceEachInItsOwnProcessAndWorkdir()
    {
        await using var silo = await CliTestSilo.StartAsync("hooks-parallel");
        await using var client = await silo.ConnectAsync("hook-user");
        var folder = Directory.CreateTempSubdirectory("balsam-parallel-hooks-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "settings.yml"), "processing:\n  num_workers: 3\nscheduler: null\n");
            var site = await client.Sites.CreateAsync(new SiteSpec { Name = "parallel-hook-site", Path = folder });
            var jobs = new List<Balsam.Client.Jobs.Job>();
            for (var i = 0; i < 3; i++)
            {
                jobs.Add(await client.Jobs.SubmitAsync<SlowPrep>($"prep/{i}"));
            }

            using var stopAgent = new CancellationTokenSource();
            var agent = new SiteAgentService(client, site.Id, NullLogger.Instance)
            {
                BalsamCommand = [BalsamCliRunner.DotnetHost(), BalsamCliRunner.FindLauncherAssembly()],
            }.RunAsync(stopAgent.Token);
            await Eventually.HoldsAsync(async () => await client.Jobs.Where(site: site.Id, state: JobState.Preprocessed).CountAsync() == 3,
                TimeSpan.FromMinutes(3), () => "the three preprocess hooks did not all finish");

            await stopAgent.CancelAsync();
            await agent;
            await client.Jobs.RefreshAllAsync(jobs);
            var pids = jobs.Select(j => j.Data["pid"]!.GetValue<int>()).ToList();
            Assert.AreEqual(3, pids.Distinct().Count(), "each hook ran in a process of its own");
            Assert.IsFalse(pids.Contains(Environment.ProcessId), "not in the agent's process");
            Assert.IsTrue(jobs.All(j => j.Data["met"]!.GetValue<int>() == 3), "each hook saw the other two running while it ran");
            for (var i = 0; i < 3; i++)
            {
                Assert.AreEqual(Path.Combine(folder, "data", $"prep/{i}"), jobs[i].Data["folder"]!.GetValue<string>(), "each ran in its own workdir");
                StringAssert.Contains(File.ReadAllText(Path.Combine(folder, "data", $"prep/{i}", "balsam.log")), $"prepared in process {pids[i]}");
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [TestMethod]
    public async Task AHookThatRunsPastHookTimeoutSecIsStoppedAndItsJobFailsSayingWhy()
    {
        await using var silo = await CliTestSilo.StartAsync("hooks-timeout");
        await using var client = await silo.ConnectAsync("hook-user");
        var folder = Directory.CreateTempSubdirectory("balsam-timeout-hooks-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "settings.yml"), "processing:\n  hook_timeout_sec: 15\nscheduler: null\n");
            var site = await client.Sites.CreateAsync(new SiteSpec { Name = "timeout-hook-site", Path = folder });
            var stuck = await client.Jobs.SubmitAsync<Stuck>("stuck/1");
            using var stopAgent = new CancellationTokenSource();
            var agent = new SiteAgentService(client, site.Id, NullLogger.Instance)
            {
                BalsamCommand = [BalsamCliRunner.DotnetHost(), BalsamCliRunner.FindLauncherAssembly()],
            }.RunAsync(stopAgent.Token);
            // The limit counts from the hook process's start; it must outlast a slow start so that the hook really runs.
            var log = Path.Combine(folder, "data", "stuck/1", "balsam.log");
            await Eventually.HoldsAsync(() => Task.FromResult(File.Exists(log) && File.ReadAllText(log).Contains("waiting for ever")),
                TimeSpan.FromMinutes(2), () => "the stuck hook did not start");
            await Eventually.HoldsAsync(async () =>
            {
                await stuck.RefreshAsync();
                return stuck.State == JobState.Failed;
            }, TimeSpan.FromMinutes(2), () => $"the stuck hook was not stopped: still {stuck.State}");

            await stopAgent.CancelAsync();
            await agent;
            var failed = await client.Events.Where(jobId: stuck.Id, toState: JobState.Failed).GetAsync();
            StringAssert.Contains(failed.Data, "processing.hook_timeout_sec", "the job says which limit stopped it");
            StringAssert.Contains(File.ReadAllText(Path.Combine(folder, "data", "stuck/1", "balsam.log")), "waiting for ever");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
