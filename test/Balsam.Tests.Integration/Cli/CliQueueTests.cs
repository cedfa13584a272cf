using Balsam.BatchJobs;
using Balsam.Client;
using Balsam.Sites;
using Balsam.Tests.Integration.Sdk.BatchJobs;

namespace Balsam.Tests.Integration.Cli;

/// <summary>
/// <c>balsam queue submit | ls | rm</c> against a real silo. Each test has its own site folder whose settings allow
/// queues debug and prod and project p; the test plays the site's scheduler service through the batch-job grain.
/// </summary>
[TestClass]
public sealed class CliQueueTests
{
    private static CliTestSilo _silo = null!;
    private static string _root = null!;
    private static BalsamCliRunner _cli = null!;
    private static BalsamClient _sdk = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext _)
    {
        _silo = await CliTestSilo.StartAsync("cli_queue");
        _root = Directory.CreateTempSubdirectory("balsam-cli-queue-").FullName;
        _cli = new BalsamCliRunner(_silo, Path.Combine(_root, "home"));
        _sdk = await _silo.ConnectAsync(); // the same user as the CLI
    }

    [ClassCleanup]
    public static async Task StopAsync()
    {
        await _sdk.DisposeAsync();
        await _silo.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    /// <summary>A new site folder, registered with settings that allow batch jobs; returns its folder and site.</summary>
    private static async Task<(string Folder, SiteInfo Site)> NewSiteAsync(string name)
    {
        (await _cli.RunAsync(_root, "site", "init", name)).Succeeded();
        var site = await _sdk.Sites.GetAsync(name);
        return (Path.Combine(_root, name), await BatchJobSites.AllowBatchJobsAsync(_sdk, site.Id));
    }

    private static async Task<long> SubmitAsync(string folder, params string[] extra)
    {
        var run = (await _cli.RunAsync(folder, ["queue", "submit", "-n", "1", "-t", "10", "-q", "debug", "-A", "p", "-j", "mpi", .. extra])).Succeeded();
        return long.Parse(run.Out.Split(' ')[3].TrimEnd(':'));
    }

    private static Task<BatchJobRecord> SiteReportsAsync(long id, BatchJobPatch patch) =>
        _sdk.Cluster.GetGrain<IBatchJobGrain>(id).UpdateAsync(patch);

    private static string RowOf(CliRun run, long id) =>
        run.Out.Split('\n').SingleOrDefault(line => line.TrimStart('│', ' ').StartsWith($"{id} ", StringComparison.Ordinal))
        ?? throw new AssertFailedException($"no row for batch job {id}\n{run}");

    [TestMethod]
    public async Task SubmitPrintsTheBatchJobAndLsShowsItWithPartitionsWhenVerbose()
    {
        var (folder, _) = await NewSiteAsync("submit-site");
        var submitted = (await _cli.RunProcessAsync(folder, "queue", "submit", "-n", "2", "-t", "30", "-q", "debug", "-A", "p", "-j", "serial",
            "--tag", "exp=cli", "-p", "mpi:1", "-p", "serial:1:small=yes:size=s", "-x", "filesystems=home:eagle")).Succeeded();
        StringAssert.StartsWith(submitted.Out, "Created batch job ");
        StringAssert.Contains(submitted.Out, "at site 'submit-site': pending_submission");
        var id = long.Parse(submitted.Out.Split(' ')[3]);
        var row = RowOf(submitted, id);
        foreach (var cell in new[] { "submit-site", "pending_submission", "debug", " 2 ", "30", "serial", "exp=cli" })
        {
            StringAssert.Contains(row, cell);
        }

        var listed = (await _cli.RunAsync(folder, "queue", "ls")).Succeeded();
        StringAssert.Contains(RowOf(listed, id), "pending_submission");
        var verbose = (await _cli.RunAsync(folder, "queue", "ls", "-v")).Succeeded();
        StringAssert.Contains(verbose.Out, "mpi:1");
        StringAssert.Contains(verbose.Out, "serial:1:size=s:small=yes");
        StringAssert.Contains(verbose.Out, "filesystems=home:eagle");
        StringAssert.Contains(verbose.Out, "start_time");
    }

    [TestMethod]
    public async Task SubmitRefusalsNameTheFieldAndTheRule()
    {
        var (folder, _) = await NewSiteAsync("refuse-site");
        var invalid = (await _cli.RunAsync(folder, "queue", "submit", "-n", "99", "-t", "10", "-q", "nope", "-A", "x", "-j", "mpi", "-x", "gpus=4")).Failed(1);
        StringAssert.Contains(invalid.Error, "queue: must be one of the site's allowed queues (debug, prod)");
        StringAssert.Contains(invalid.Error, "project: must be one of the site's allowed projects (p)");
        StringAssert.Contains(invalid.Error, "optional_params.gpus: must be one of the site's optional batch-job parameters (filesystems)");

        var tooBig = (await _cli.RunAsync(folder, "queue", "submit", "-n", "9", "-t", "61", "-q", "debug", "-A", "p", "-j", "mpi")).Failed(1);
        StringAssert.Contains(tooBig.Error, "num_nodes: queue 'debug' allows at most 8 nodes");
        StringAssert.Contains(tooBig.Error, "wall_time_min: queue 'debug' allows at most 60 minutes");

        var parts = (await _cli.RunAsync(folder, "queue", "submit", "-n", "3", "-t", "10", "-q", "debug", "-A", "p", "-j", "mpi", "-p", "mpi:1", "-p", "serial:1")).Failed(1);
        StringAssert.Contains(parts.Error, "partitions: node counts add up to 2; they must add up to num_nodes (3)");
        var badPart = (await _cli.RunAsync(folder, "queue", "submit", "-n", "2", "-t", "10", "-q", "debug", "-A", "p", "-j", "mpi", "-p", "gpu:2")).Failed(1);
        StringAssert.Contains(badPart.Error, "--part 'gpu:2': job mode 'gpu' is not one of mpi, serial");
        var badTag = (await _cli.RunAsync(folder, "queue", "submit", "-n", "2", "-t", "10", "-q", "debug", "-A", "p", "-j", "mpi", "-p", "mpi:2:oops")).Failed(1);
        StringAssert.Contains(badTag.Error, "tag 'oops' is not K=V");
        var badNodes = (await _cli.RunAsync(folder, "queue", "submit", "-n", "2", "-t", "10", "-q", "debug", "-A", "p", "-j", "mpi", "-p", "mpi:two")).Failed(1);
        StringAssert.Contains(badNodes.Error, "node count 'two' is not a whole number of at least 1");

        StringAssert.Contains((await _cli.RunAsync(folder, "queue", "submit", "-n", "1", "-t", "10", "-q", "debug", "-j", "mpi")).Failed(2).Error, "--project");
        StringAssert.Contains((await _cli.RunAsync(folder, "queue", "submit", "-n", "1", "-t", "10", "-q", "debug", "-A", "p", "-j", "threads")).Failed(2).Error, "threads");
        StringAssert.Contains((await _cli.RunAsync(_root, "queue", "submit", "-n", "1", "-t", "10", "-q", "debug", "-A", "p", "-j", "mpi")).Failed(1).Error, "No site given");
        Assert.AreEqual(0, await _sdk.BatchJobs.Where(site: "refuse-site").CountAsync(), "nothing was created");
    }

    [TestMethod]
    public async Task LsShowsActiveBatchJobsUntilHistoryIsAskedFor()
    {
        var (folder, _) = await NewSiteAsync("history-site");
        StringAssert.Contains((await _cli.RunAsync(folder, "queue", "ls")).Succeeded().Out, "No active batch jobs at site 'history-site'");

        var done = await SubmitAsync(folder);
        var running = await SubmitAsync(folder);
        await SiteReportsAsync(done, new BatchJobPatch { State = BatchJobState.Queued, SchedulerId = 9001 });
        await SiteReportsAsync(done, BatchJobPatch.ToState(BatchJobState.Finished));
        await SiteReportsAsync(running, new BatchJobPatch { State = BatchJobState.Running, SchedulerId = 9002 });

        var active = (await _cli.RunAsync(folder, "queue", "ls")).Succeeded();
        StringAssert.Contains(RowOf(active, running), "9002");
        Assert.DoesNotContain("9001", active.Out, "a finished batch job is history");

        var history = (await _cli.RunAsync(folder, "queue", "ls", "--history")).Succeeded();
        StringAssert.Contains(RowOf(history, done), "finished");
        StringAssert.Contains(RowOf(history, running), "running");
        var bySchedulerId = (await _cli.RunAsync(folder, "queue", "ls", "--scheduler-id", "9001")).Succeeded();
        StringAssert.Contains(RowOf(bySchedulerId, done), "finished");
        Assert.DoesNotContain("9002", bySchedulerId.Out);
        var last = (await _cli.RunAsync(folder, "queue", "ls", "-n", "1")).Succeeded();
        RowOf(last, running);
        StringAssert.Contains(last.Out, "The last 1 of 2 batch jobs");

        var outside = (await _cli.RunAsync(_root, "queue", "ls")).Succeeded();
        StringAssert.Contains(outside.Out, "None of your sites is active", "outside a site folder the default is the active sites: none here");
        StringAssert.Contains(RowOf((await _cli.RunAsync(_root, "queue", "ls", "--site", "history-site")).Succeeded(), running), "history-site");
        StringAssert.Contains(RowOf((await _cli.RunAsync(_root, "queue", "ls", "--site", "all")).Succeeded(), running), "history-site");
    }

    [TestMethod]
    public async Task ARefusedSubmissionIsNeverSilent()
    {
        var (folder, _) = await NewSiteAsync("refused-site");
        var id = await SubmitAsync(folder);
        const string message = "sbatch: error: Batch job submission failed: Invalid account or account/partition combination specified";
        await SiteReportsAsync(id, new BatchJobPatch { State = BatchJobState.SubmitFailed, StatusInfo = new() { ["error"] = message } });

        var active = (await _cli.RunAsync(folder, "queue", "ls")).Succeeded();
        StringAssert.Contains(active.Out, "No active batch jobs");
        StringAssert.Contains(active.Out, $"Batch job {id} at site 'refused-site' was not submitted: {message}");

        var history = (await _cli.RunAsync(folder, "queue", "ls", "--history")).Succeeded();
        StringAssert.Contains(RowOf(history, id), "submit_failed");
        StringAssert.Contains(history.Out, $"Batch job {id} at site 'refused-site' was not submitted: {message}");
    }

    [TestMethod]
    public async Task RmSaysForEachBatchJobWhatHappened()
    {
        var (folder, _) = await NewSiteAsync("rm-site");
        var pending = await SubmitAsync(folder);
        var queued = await SubmitAsync(folder);
        var finished = await SubmitAsync(folder);
        await SiteReportsAsync(queued, new BatchJobPatch { State = BatchJobState.Queued, SchedulerId = 555 });
        await SiteReportsAsync(finished, BatchJobPatch.ToState(BatchJobState.Finished));

        var removed = (await _cli.RunAsync(folder, "queue", "rm", pending.ToString(), queued.ToString(), finished.ToString())).Succeeded();
        StringAssert.Contains(removed.Out, $"Batch job {pending}: ended before submission");
        StringAssert.Contains(removed.Out, $"Batch job {queued} (scheduler id 555): will be deleted from the scheduler");
        StringAssert.Contains(removed.Out, $"Batch job {finished}: already finished");
        Assert.AreEqual(BatchJobState.PendingDeletion, (await _sdk.BatchJobs.GetAsync(queued)).State);
        Assert.AreEqual(BatchJobState.Finished, (await _sdk.BatchJobs.GetAsync(pending)).State);

        var again = (await _cli.RunAsync(folder, "queue", "rm", "--scheduler-id", "555")).Succeeded();
        StringAssert.Contains(again.Out, "deletion was already requested");
        StringAssert.Contains((await _cli.RunAsync(folder, "queue", "rm", "987654")).Failed(1).Error, "batch job 987654 does not exist");
        StringAssert.Contains((await _cli.RunAsync(folder, "queue", "rm")).Failed(1).Error, "Name the batch jobs to end");
    }
}
