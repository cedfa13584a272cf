using System.Net;
using System.Text.Json;
using Balsam.Apps;
using Balsam.Jobs;
using Balsam.Sites;
using Balsam.States;
using Balsam.Tests.Integration.Cli;
using Balsam.Users;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace Balsam.Tests.Integration.Dashboard;

/// <summary>The silo's status page, read the way a person reads it: in a real headless browser.</summary>
[TestClass]
[DoNotParallelize]
public sealed class StatusPageTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task TheStatusPageShowsEachSitesJobsByStateInABrowser()
    {
        Assert.IsNotNull(HeadlessChromium.Executable, "chromium is installed by deploy/install-prerequisites.sh");
        await using var silo = await CliTestSilo.StartAsync("status", dashboard: true);
        using var host = await ConnectAsync(silo);
        var grains = host.Services.GetRequiredService<IClusterClient>();
        var site = await grains.GetGrain<IUserGrain>("viewer").CreateSiteAsync(new SiteSpec { Name = "status-site", Path = "/scratch/status" });
        await grains.GetGrain<ISiteGrain>(site.Id).RegisterAppAsync(new AppDefinition { Name = "Echo", CommandTemplate = "echo {{ i }}" });
        var jobs = await grains.GetGrain<IJobServiceGrain>(0).CreateAsync(Enumerable.Range(0, 30).Select(i => new JobSpec
        {
            SiteId = site.Id, AppName = "Echo", Workdir = $"status/{i}", Parameters = new() { ["i"] = $"{i}" },
        }).ToList());
        foreach (var job in jobs.Take(5))
        {
            await grains.GetGrain<IJobGrain>(job.Id).UpdateAsync(JobPatch.ToState(JobState.Failed));
        }

        var batchJobs = grains.GetGrain<Balsam.BatchJobs.IBatchJobServiceGrain>(0);
        var allocation = await batchJobs.CreateAsync(new Balsam.BatchJobs.BatchJobSpec { SiteId = site.Id, Project = "p", Queue = "debug", NumNodes = 2, WallTimeMin = 30 });
        var refused = await batchJobs.CreateAsync(new Balsam.BatchJobs.BatchJobSpec { SiteId = site.Id, Project = "p", Queue = "debug", NumNodes = 1, WallTimeMin = 10 });
        await grains.GetGrain<Balsam.BatchJobs.IBatchJobGrain>(refused.Id).UpdateAsync(new Balsam.BatchJobs.BatchJobPatch
        {
            State = Balsam.BatchJobs.BatchJobState.SubmitFailed,
            StatusInfo = new() { ["error"] = "slurm refused the submission: sbatch: error: invalid partition specified: debug" },
        });

        await grains.GetGrain<ISiteGrain>(site.Id).ReportServicesAsync(
        [
            new SiteServiceHealth { Name = "processing", PeriodSec = 5, LastOk = DateTimeOffset.UtcNow },
            new SiteServiceHealth { Name = "scheduler", PeriodSec = 10, Error = "the pbs status command failed: qstat could not be started", ErrorAt = DateTimeOffset.UtcNow },
        ]);

        using var http = new HttpClient();
        var json = await http.GetStringAsync(new Uri(silo.DashboardUrl, "/api/jobs/summary"));
        using var summary = JsonDocument.Parse(json);
        var row = summary.RootElement.GetProperty("sites").EnumerateArray().Single();
        Assert.AreEqual("status-site", row.GetProperty("siteName").GetString());
        Assert.AreEqual(25, row.GetProperty("states").GetProperty("PREPROCESSED").GetInt64());
        Assert.AreEqual(5, row.GetProperty("states").GetProperty("FAILED").GetInt64());
        Assert.AreEqual(HttpStatusCode.OK, (await http.GetAsync(new Uri(silo.DashboardUrl, "/dashboard"))).StatusCode);

        var page = new Uri(silo.DashboardUrl, "/status");
        var dom = await HeadlessChromium.DumpDomAsync(page);
        StringAssert.Contains(dom, "data-site=\"status-site\"", "the browser rendered the site's row from the JSON");
        StringAssert.Contains(dom, "scheduler failing since", "an Active site whose scheduler fails says so");
        StringAssert.Contains(dom, "qstat could not be started");
        StringAssert.Contains(dom, "data-state=\"FAILED\">5<");
        StringAssert.Contains(dom, "data-state=\"PREPROCESSED\">25<");
        StringAssert.Contains(dom, $"data-batch-job=\"{allocation.Id}\"", "the batch jobs table lists the allocation");
        StringAssert.Contains(dom, "data-state=\"pending_submission\"");
        StringAssert.Contains(dom, "data-state=\"submit_failed\"");
        StringAssert.Contains(dom, "invalid partition specified", "a refused submission shows the scheduler's message on the page");

        var screenshot = Path.Combine(TestContext.TestRunResultsDirectory ?? Path.GetTempPath(), "status-page.png");
        await HeadlessChromium.ScreenshotAsync(page, screenshot);
        Assert.IsTrue(new FileInfo(screenshot).Length > 5_000, "a screenshot of the page was taken");
        TestContext.AddResultFile(screenshot);
    }

    private static async Task<IHost> ConnectAsync(CliTestSilo silo)
    {
        var token = silo.TokenFor("viewer");
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders(); // the gateway may still talk while the test disposes the client
        builder.UseOrleansClient(client =>
        {
            client.AddOutgoingGrainCallFilter(async call =>
            {
                RequestContext.Set(Balsam.Auth.AuthContext.TokenKey, token);
                await call.Invoke();
            });
            client.UseStaticClustering(new IPEndPoint(IPAddress.Loopback, silo.Options.GatewayPort));
            client.Configure<ClusterOptions>(o => { o.ClusterId = silo.Options.ClusterId; o.ServiceId = silo.Options.ServiceId; });
        });
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }
}
