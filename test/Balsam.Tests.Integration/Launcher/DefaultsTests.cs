using Balsam.Launcher.Pilot;
using Balsam.Launcher.Settings;
using Balsam.Launcher.SiteAgent;
using Balsam.Sites;
using Balsam.States;
using Balsam.Tests.Integration.Cli;
using Balsam.Tests.Integration.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace Balsam.Tests.Integration.Launcher;

/// <summary>A default is the same value as the one a job gives: in a command template's shell line and in <c>Run</c>'s arguments.</summary>
[TestClass]
[DoNotParallelize]
public sealed class DefaultsTests
{
    [TestMethod]
    public async Task DefaultsOfEveryKindRenderAndBindLikeTheSameValuesGivenInTheJob()
    {
        await using var silo = await CliTestSilo.StartAsync("defaults");
        await using var client = await silo.ConnectAsync("defaults-user");
        var folder = Directory.CreateTempSubdirectory("balsam-defaults-site-").FullName;
        try
        {
            var site = await client.Sites.CreateAsync(new SiteSpec { Name = "defaults-site", Path = folder });
            var shownByDefault = await client.Jobs.SubmitAsync<ShowDefaults>("show/defaults");
            var shownGiven = await client.Jobs.SubmitAsync<ShowDefaults>("show/given",
                new { mode = "explore", words = "two words", n = 42, x = 2.5, flag = true, list = new[] { 1, 2 } });
            var typedByDefault = await client.Jobs.SubmitAsync<TypedDefaults>("typed/defaults");
            var typedGiven = await client.Jobs.SubmitAsync<TypedDefaults>("typed/given",
                new { mode = "explore", n = 42, flag = true, list = new[] { 1, 2 }, x = 2.5 });

            using var stopAgent = new CancellationTokenSource();
            var agent = new SiteAgentService(client, site.Id, NullLogger.Instance).RunAsync(stopAgent.Token);
            using var stopLauncher = new CancellationTokenSource();
            var launched = new JobLauncherService(client, new LauncherOptions
            {
                Mode = LauncherMode.Mpi, WallTime = TimeSpan.FromMinutes(5), SiteFolder = folder, SiteId = site.Id,
                IdleTtl = TimeSpan.FromMinutes(5), RunnerCommand = ["dotnet", BalsamCliRunner.FindLauncherAssembly()],
            }, SiteSettings.Default with { Launcher = SiteSettings.Default.Launcher with { DelaySec = 0.2 } }, NullLogger.Instance).RunAsync(stopLauncher.Token);

            Assert.AreEqual("explore|43|False|3|5", await typedByDefault.ResultAsync<string>(TimeSpan.FromMinutes(2)),
                "each default reached Run with its type: a string, an int, a bool, an int array, a double");
            Assert.AreEqual("explore|43|False|3|5", await typedGiven.ResultAsync<string>(TimeSpan.FromMinutes(2)));
            Balsam.Client.Jobs.Job[] shown = [shownByDefault, shownGiven];
            await Eventually.HoldsAsync(async () =>
            {
                await client.Jobs.RefreshAllAsync(shown);
                return shown.All(j => j.State == JobState.JobFinished);
            }, TimeSpan.FromMinutes(2), () => string.Join(", ", shown.Select(j => $"{j.Workdir} {j.State}")));
            await stopLauncher.CancelAsync();
            await launched;
            await stopAgent.CancelAsync();
            await agent;

            var byDefault = File.ReadAllText(Path.Combine(folder, "data", "show/defaults", "job.out"));
            Assert.AreEqual("explore|two words|42|2.5|true|[1,2]|", byDefault, "defaults reach the shell as plain values, without JSON quotes");
            Assert.AreEqual(byDefault, File.ReadAllText(Path.Combine(folder, "data", "show/given", "job.out")),
                "a default renders exactly as the same value given in the job");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
