using System.Text.RegularExpressions;
using Balsam.Client;
using Balsam.Jobs;
using Balsam.Sessions;
using Balsam.Sites;
using Balsam.States;

namespace Balsam.Tests.Integration.Cli;

/// <summary><c>balsam report ...</c> against a real silo, over jobs that ran and finished through the job grains.</summary>
[TestClass]
public sealed class CliAnalyticsReportTests
{
    private const int Finished = 5;
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static CliTestSilo _silo = null!;
    private static string _root = null!;
    private static BalsamCliRunner _cli = null!;

    public TestContext TestContext { get; set; } = null!;

    /// <summary>Six jobs tagged exp=report: five ran and finished a moment apart, one is still RUNNING.</summary>
    [ClassInitialize]
    public static async Task StartAsync(TestContext _)
    {
        _silo = await CliTestSilo.StartAsync("cli_report");
        _root = Directory.CreateTempSubdirectory("balsam-cli-report-").FullName;
        _cli = new BalsamCliRunner(_silo, Path.Combine(_root, "home"));
        (await _cli.RunAsync(_root, "site", "init", "report-site")).Succeeded();
        (await _cli.RunAsync(_root, "app", "add", "--site", "report-site", "--name", "Hello", "--command", "echo Hello, {{ who }}!")).Succeeded();
        for (var i = 0; i < Finished + 1; i++)
        {
            (await _cli.RunAsync(Site, "job", "create", "--app", "Hello", "--workdir", $"report/{i}", "-p", $"who={i}", "--tag", "exp=report",
                "--num-nodes", i == 0 ? "4" : "1")).Succeeded();
        }

        await using var client = await _silo.ConnectAsync();
        await RunJobsAsync(client);
    }

    [ClassCleanup]
    public static async Task StopAsync()
    {
        await _silo.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    private static string Site => Path.Combine(_root, "report-site");

    [TestMethod]
    public async Task ThroughputPrintsASummaryAndWritesAPngPlot()
    {
        var png = Path.Combine(_root, "plots", "throughput.png");

        var run = (await _cli.RunProcessAsync(Site, "report", "throughput", "--tag", "exp=report", "--out", png)).Succeeded();

        StringAssert.Contains(run.Out, "Throughput: jobs reaching JOB_FINISHED (site report-site, exp=report)");
        StringAssert.Contains(run.Out, "per minute");
        StringAssert.Matches(run.Out, new Regex($@"│ {Finished} +│ [^│]+│ [^│]+│ {Finished} +│ {Finished} +│ [0-9.]+ +│"),
            $"{Finished} points, a final count and peak of {Finished}, and a rate");
        StringAssert.Contains(run.Out, $"Plot written to {png}");
        var bytes = await File.ReadAllBytesAsync(png, TestContext.CancellationToken);
        CollectionAssert.AreEqual(PngSignature, bytes[..PngSignature.Length], "a PNG file");
        Assert.IsGreaterThan(10_000, bytes.Length, $"a plot with axes, labels and a title, not a blank image ({bytes.Length} bytes)");
        TestContext.AddResultFile(png);
    }

    [TestMethod]
    public async Task UtilizationCountsRunningJobsOrTheirNodes()
    {
        var jobs = (await _cli.RunAsync(Site, "report", "utilization", "--tag", "exp=report")).Succeeded();
        StringAssert.Contains(jobs.Out, "Utilization: RUNNING jobs");
        StringAssert.Matches(jobs.Out, new Regex(@"│ 11 .*│ 1 +│ 6 +│"), "11 changes, 1 still running, 6 at the peak");

        var nodes = (await _cli.RunAsync(Site, "report", "utilization", "--tag", "exp=report", "--node-weighting", "--out", "utilization.png")).Succeeded();
        StringAssert.Contains(nodes.Out, "nodes busy");
        StringAssert.Matches(nodes.Out, new Regex(@"│ 11 .*│ 1 +│ 9 +│"), "the 4-node job counts 4");
        Assert.IsTrue(File.Exists(Path.Combine(Site, "utilization.png")), "--out is relative to the working folder");
    }

    [TestMethod]
    public async Task NoBatchJobsIsSaidAndNoPlotIsWritten()
    {
        var run = (await _cli.RunAsync(Site, "report", "nodes", "--out", "nodes.png")).Succeeded();
        StringAssert.Contains(run.Out, "Available nodes");
        StringAssert.Contains(run.Out, "nothing to report");
        Assert.IsFalse(File.Exists(Path.Combine(Site, "nodes.png")));
    }

    [TestMethod]
    public async Task AnUnknownStateIsRefusedWithTheStatesNamed()
    {
        var run = (await _cli.RunAsync(Site, "report", "throughput", "--state", "DONE")).Failed(1);
        StringAssert.Contains(run.Error, "JOB_FINISHED");
    }

    /// <summary>What a launcher does: all six jobs RUNNING one after another, then five of them done a moment apart.</summary>
    private static async Task RunJobsAsync(BalsamClient client)
    {
        var site = await client.Sites.GetAsync("report-site");
        var info = await client.Cluster.GetGrain<ISiteGrain>(site.Id).OpenSessionAsync(null);
        var session = client.Cluster.GetGrain<ISessionGrain>(info.Id);
        var leased = await session.AcquireAsync(new AcquireRequest { MaxJobs = 100, FilterTags = { ["exp"] = "report" } });
        Assert.HasCount(Finished + 1, leased);
        var ids = leased.Select(j => j.Id).Order().ToList();
        foreach (var id in ids)
        {
            await client.Cluster.GetGrain<IJobGrain>(id).UpdateAsync(new JobPatch { State = JobState.Running, SessionId = info.Id });
        }

        foreach (var id in ids.Take(Finished))
        {
            await Task.Delay(400);
            var job = await client.Cluster.GetGrain<IJobGrain>(id).UpdateAsync(new JobPatch { State = JobState.RunDone, ReturnCode = 0, SessionId = info.Id });
            if (job.State != JobState.JobFinished)
            {
                await client.Cluster.GetGrain<IJobGrain>(id).UpdateAsync(JobPatch.ToState(JobState.Postprocessed));
                await client.Cluster.GetGrain<IJobGrain>(id).UpdateAsync(JobPatch.ToState(JobState.JobFinished));
            }
        }
    }
}
