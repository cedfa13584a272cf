using System.Diagnostics;
using System.Text.RegularExpressions;
using Balsam.Apps;
using Balsam.Client;
using Balsam.Jobs;
using Balsam.Launcher.Pilot;
using Balsam.Launcher.Settings;
using Balsam.Launcher.SiteAgent;
using Balsam.Tests.Integration.Cli;
using Balsam.Transfers;
using Microsoft.Extensions.Logging.Abstractions;
using static Balsam.States.JobState;

namespace Balsam.Tests.Integration.Transfers;

/// <summary>
/// The transfer service and the file cleaner in a real site agent process (<c>balsam site start</c>), on real files:
/// a <c>local://</c> location and an <c>rsync://localhost</c> one run by the real rsync.
/// </summary>
[TestClass]
[DoNotParallelize]
public sealed partial class TransferServiceTests
{
    private const int CleanerPeriodSec = 2;

    private static CliTestSilo _silo = null!;
    private static BalsamClient _client = null!;
    private static BalsamCliRunner _cli = null!;
    private static string _root = null!;
    private static string _folder = null!;
    private static string _remote = null!;
    private static long _siteId;

    private static IJobServiceGrain Jobs => _client.Cluster.GetGrain<IJobServiceGrain>(0);

    [GeneratedRegex(@"(?m)^(  # Seconds between cycles\. Default 5\.\n  service_period:) 5$")]
    private static partial Regex TransferPeriod();

    [ClassInitialize]
    public static async Task StartAsync(TestContext _)
    {
        _silo = await CliTestSilo.StartAsync("transfers");
        _client = await _silo.ConnectAsync();
        _root = Directory.CreateTempSubdirectory("balsam-transfers-").FullName;
        _cli = new BalsamCliRunner(_silo, Path.Combine(_root, "home"));
        _remote = Directory.CreateDirectory(Path.Combine(_root, "remote")).FullName;
        (await _cli.RunAsync(_root, "site", "init", "xfer", "--platform", "linux")).Succeeded();
        _folder = Path.Combine(_root, "xfer");
        var settingsFile = Path.Combine(_folder, "settings.yml");
        var settings = File.ReadAllText(settingsFile)
            .Replace("  transfer_locations: {}", "  transfer_locations:\n    here: local://localhost\n    far: rsync://localhost")
            .Replace("file_cleaner: null", $"file_cleaner:\n  service_period: {CleanerPeriodSec}");
        settings = TransferPeriod().Replace(settings, "$1 1");
        File.WriteAllText(settingsFile, settings);
        Assert.AreEqual(1, SettingsLoader.LoadFromSite(_folder).Transfers!.ServicePeriod, "the test's settings.yml has a 1 s transfer period");

        _siteId = (await _client.Sites.GetAsync("xfer")).Id;
        await _client.Apps.RegisterAsync(_siteId, new AppDefinition
        {
            Name = "Crunch",
            CommandTemplate = "cat in_a.txt b.txt > out.txt && echo scratch > result.hdf && echo keep > notes.txt",
            Transfers = new()
            {
                ["a"] = new TransferSlot { Required = true, Direction = TransferDirection.In, LocalPath = "in_a.txt" },
                ["b"] = new TransferSlot { Required = true, Direction = TransferDirection.In, LocalPath = "." },
                ["result"] = new TransferSlot { Direction = TransferDirection.Out, LocalPath = "out.txt" },
                ["inputs"] = new TransferSlot { Direction = TransferDirection.In, LocalPath = "inputs", Recursive = true },
            },
            CleanupFiles = ["*.hdf"],
        });
        (await _cli.RunProcessAsync(_folder, "site", "start")).Succeeded();
        // Jobs may name a location once the agent has registered the site's settings.
        await WaitForAsync(async () => (await _client.Sites.GetAsync(_siteId)).Settings.TransferLocations.ContainsKey("far"), TimeSpan.FromSeconds(60));
    }

    [ClassCleanup]
    public static async Task StopAsync()
    {
        await _cli.RunProcessAsync(_folder, "site", "stop");
        await _client.DisposeAsync();
        await _silo.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    [TestMethod]
    public async Task AJobStagesInRunsAndStagesOutThroughLocalAndRsyncThenTheCleanerDeletesItsHdfFiles()
    {
        File.WriteAllText(Path.Combine(_remote, "a.txt"), "alpha\n");
        File.WriteAllText(Path.Combine(_remote, "b.txt"), "beta\n");
        Directory.CreateDirectory(Path.Combine(_remote, "set", "deep"));
        File.WriteAllText(Path.Combine(_remote, "set", "deep", "c.txt"), "gamma\n");
        var results = Path.Combine(_root, "results");
        var job = (await Jobs.CreateAsync([new JobSpec
        {
            SiteId = _siteId, AppName = "Crunch", Workdir = "guide/one",
            Transfers = new()
            {
                ["a"] = $"here:{_remote}/a.txt", ["b"] = $"far:{_remote}/b.txt", ["inputs"] = $"far:{_remote}/set",
                ["result"] = $"far:{results}/one/out.txt",
            },
        }]))[0];
        Assert.AreEqual(Ready, job.State, "a job with stage-in items waits in READY");

        await WaitForStateAsync(job.Id, Preprocessed, TimeSpan.FromSeconds(60));
        var workdir = Path.Combine(_folder, "data", "guide", "one");
        Assert.AreEqual("alpha\n", File.ReadAllText(Path.Combine(workdir, "in_a.txt")), "local_path names the staged file");
        Assert.AreEqual("beta\n", File.ReadAllText(Path.Combine(workdir, "b.txt")), "'.' keeps the remote name");
        Assert.AreEqual("gamma\n", File.ReadAllText(Path.Combine(workdir, "inputs", "deep", "c.txt")), "a recursive slot copies the folder whole");
        var events = await Jobs.EventsAsync(new EventQuery { JobIds = [job.Id] });
        CollectionAssert.Contains(events.Select(e => (e.From, e.To)).ToList(), (Ready, StagedIn));
        var outItem = (await Jobs.TransferItemsAsync(new TransferItemQuery { JobIds = [job.Id], Direction = TransferDirection.Out })).Single();
        Assert.AreEqual(TransferItemState.AwaitingJob, outItem.State, "stage-out waits for the job");

        await RunLauncherAsync();
        var finished = await WaitForStateAsync(job.Id, JobFinished, TimeSpan.FromSeconds(60));
        var finishedAt = Stopwatch.StartNew();
        Assert.AreEqual("alpha\nbeta\n", File.ReadAllText(Path.Combine(results, "one", "out.txt")), "rsync staged the result out");
        var items = await Jobs.TransferItemsAsync(new TransferItemQuery { JobIds = [job.Id] });
        Assert.IsTrue(items.All(i => i.State == TransferItemState.Done), string.Join(", ", items.Select(i => $"{i.Slot}={i.State}")));
        StringAssert.StartsWith(items.Single(i => i.Slot == "a").TaskId, "local:");
        StringAssert.StartsWith(items.Single(i => i.Slot == "b").TaskId, "rsync:");

        // The cleaner may already have run by the time JOB_FINISHED is seen (its period is short): wait for its result.
        await WaitForAsync(async () => !(await Jobs.QueryAsync(new JobQuery { Ids = [job.Id] }))[0].PendingFileCleanup, TimeSpan.FromSeconds(30));
        var cleanedWithin = finishedAt.Elapsed;
        Assert.IsFalse(File.Exists(Path.Combine(workdir, "result.hdf")), "the cleaner deleted the *.hdf file");
        Assert.IsTrue(File.Exists(Path.Combine(workdir, "notes.txt")), "files not matching the globs stay");
        Assert.IsTrue(File.Exists(Path.Combine(workdir, "out.txt")));
        Assert.IsTrue(cleanedWithin < TimeSpan.FromSeconds(CleanerPeriodSec + 3), $"cleaned {cleanedWithin.TotalSeconds:0.0} s after JOB_FINISHED");
        Console.WriteLine($"cleaned {cleanedWithin.TotalSeconds:0.0} s after JOB_FINISHED was seen");
    }

    [TestMethod]
    public async Task AMissingSourceFailsTheJobWithAMessageNamingTheFile()
    {
        File.WriteAllText(Path.Combine(_remote, "present.txt"), "here\n");
        var jobs = await Jobs.CreateAsync(
        [
            new JobSpec
            {
                SiteId = _siteId, AppName = "Crunch", Workdir = "missing/local",
                Transfers = new() { ["a"] = $"here:{_remote}/nowhere-local.txt", ["b"] = $"here:{_remote}/present.txt" },
            },
            new JobSpec
            {
                SiteId = _siteId, AppName = "Crunch", Workdir = "missing/rsync",
                Transfers = new() { ["a"] = $"far:{_remote}/present.txt", ["b"] = $"far:{_remote}/nowhere-rsync.txt" },
            },
        ]);

        var local = await WaitForStateAsync(jobs[0].Id, Failed, TimeSpan.FromSeconds(60));
        StringAssert.Contains(local.StateData, "nowhere-local.txt");
        StringAssert.Contains(local.StateData, "slot 'a'");
        var rsync = await WaitForStateAsync(jobs[1].Id, Failed, TimeSpan.FromSeconds(60));
        StringAssert.Contains(rsync.StateData, "nowhere-rsync.txt");
        var items = await Jobs.TransferItemsAsync(new TransferItemQuery { JobIds = [jobs[1].Id] });
        Assert.AreEqual(TransferItemState.Done, items.Single(i => i.Slot == "a").State, "the good file of the same rsync task went through");
        Assert.AreEqual(TransferItemState.Error, items.Single(i => i.Slot == "b").State);
        StringAssert.Contains(items.Single(i => i.Slot == "b").TransferInfo, "nowhere-rsync.txt");

        var listed = (await _cli.RunAsync(_folder, "job", "ls", "--workdir", "missing/rsync", "--verbose")).Succeeded().Out;
        StringAssert.Contains(listed, "error", "job ls --verbose shows each item's state");
        StringAssert.Contains(listed, "nowhere-rsync.txt", "and the provider's message");
        StringAssert.Contains(listed, "rsync:", "and its task");
    }

    [TestMethod]
    public async Task TwoHundredJobsStageInAndOutThroughFewBatchedTasks()
    {
        const int count = 200;
        var source = Directory.CreateDirectory(Path.Combine(_remote, "many")).FullName;
        var results = Path.Combine(_root, "many-results");
        for (var i = 0; i < count; i++)
        {
            File.WriteAllText(Path.Combine(source, $"a{i}.txt"), new string('x', 10_000));
            File.WriteAllText(Path.Combine(source, $"b{i}.txt"), new string('y', 10_000));
        }

        var watch = Stopwatch.StartNew();
        var jobs = await Jobs.CreateAsync([.. Enumerable.Range(0, count).Select(i => new JobSpec
        {
            SiteId = _siteId, AppName = "Crunch", Workdir = $"many/{i}", Tags = new() { ["batch"] = "many" },
            Transfers = new() { ["a"] = $"here:{source}/a{i}.txt", ["b"] = $"far:{source}/b{i}.txt", ["result"] = $"far:{results}/{i}/out.txt" },
        })]);
        var ids = jobs.Select(j => j.Id).ToList();
        await WaitForAsync(async () => await Jobs.CountAsync(new JobQuery { Ids = ids, States = [Preprocessed] }) == count, TimeSpan.FromSeconds(120));
        var stagedIn = watch.Elapsed;

        var stageIns = await Jobs.TransferItemsAsync(new TransferItemQuery { JobIds = ids, Direction = TransferDirection.In });
        Assert.AreEqual(2 * count, stageIns.Count(i => i.State == TransferItemState.Done));
        var inTasks = stageIns.Select(i => i.TaskId).Distinct().ToList();
        // transfer_batch_size 100: 200 local items and 200 rsync items make 2 tasks each, if nothing was cut short by a cycle.
        Assert.IsTrue(inTasks.Count(t => t!.StartsWith("local:")) is >= 2 and <= 4, string.Join(", ", inTasks));
        Assert.IsTrue(inTasks.Count(t => t!.StartsWith("rsync:")) is >= 2 and <= 4, string.Join(", ", inTasks));
        Assert.AreEqual("yyy", File.ReadAllText(Path.Combine(_folder, "data", "many", "7", "b7.txt"))[..3]);

        // Each job "runs" in a session, as a launcher's would, and leaves its result for the stage-out.
        watch.Restart();
        var workdirs = jobs.ToDictionary(j => j.Id, j => j.Workdir);
        await RunInSessionAsync(ids, id => File.WriteAllText(Path.Combine(_folder, "data", workdirs[id], "out.txt"), $"result {workdirs[id]}\n"));
        await WaitForAsync(async () => await Jobs.CountAsync(new JobQuery { Ids = ids, States = [JobFinished] }) == count, TimeSpan.FromSeconds(180),
            () => $"{Jobs.CountAsync(new JobQuery { Ids = ids, States = [JobFinished] }).Result} of {count} finished");
        var stagedOut = watch.Elapsed;

        for (var i = 0; i < count; i++)
        {
            Assert.AreEqual($"result many/{i}\n", File.ReadAllText(Path.Combine(results, $"{i}", "out.txt")), $"job {i}'s result arrived");
        }

        var stageOuts = await Jobs.TransferItemsAsync(new TransferItemQuery { JobIds = ids, Direction = TransferDirection.Out });
        Assert.AreEqual(count, stageOuts.Count(i => i.State == TransferItemState.Done));
        var outTasks = stageOuts.Select(i => i.TaskId).Distinct().ToList();
        Assert.IsTrue(outTasks.All(t => t!.StartsWith("rsync:")) && outTasks.Count is >= 2 and <= 8,
            $"200 stage-outs in batches of at most 100 (jobs reach POSTPROCESSED over a few cycles): {string.Join(", ", outTasks)}");
        Console.WriteLine($"{2 * count} files staged in for {count} jobs in {stagedIn.TotalSeconds:0.0} s with {inTasks.Count} tasks; " +
            $"{count} staged out in {stagedOut.TotalSeconds:0.0} s with {outTasks.Count} tasks");
    }

    /// <summary>Takes the jobs in a session of their own and reports each RUNNING, then (after <paramref name="run"/>) RUN_DONE.</summary>
    private static async Task RunInSessionAsync(IReadOnlyList<long> ids, Action<long> run)
    {
        var session = await _client.Cluster.GetGrain<Balsam.Sites.ISiteGrain>(_siteId).OpenSessionAsync(null);
        var grain = _client.Cluster.GetGrain<Balsam.Sessions.ISessionGrain>(session.Id);
        var acquired = await grain.AcquireAsync(new Balsam.Sessions.AcquireRequest { MaxJobs = ids.Count, FilterTags = new() { ["batch"] = "many" } });
        CollectionAssert.AreEquivalent(ids.ToList(), acquired.Select(j => j.Id).ToList(), "the session took every job");
        // Reported together, as a launcher's batched reports arrive: the stage-outs become pending within a transfer
        // cycle or two, however slowly the machine reports one job after another.
        await ReportAllAsync(ids, session.Id, Running);
        foreach (var id in ids)
        {
            run(id);
        }

        await ReportAllAsync(ids, session.Id, RunDone);

        await grain.CloseAsync();
    }

    private static async Task ReportAllAsync(IReadOnlyList<long> ids, long sessionId, Balsam.States.JobState state)
    {
        var result = await Jobs.UpdateEachAsync(ids.ToDictionary(id => id, _ => JobPatch.Report(sessionId, Balsam.States.JobActor.Launcher, state)));
        Assert.AreEqual(0, result.Failures.Count, $"every job took {state}: {string.Join("; ", result.Failures.Select(f => $"{f.Key}: {f.Value}"))}");
    }

    private static async Task RunLauncherAsync()
    {
        var options = new LauncherOptions
        {
            Mode = LauncherMode.Mpi, WallTime = TimeSpan.FromSeconds(20), SiteFolder = _folder, SiteId = _siteId,
            IdleTtl = TimeSpan.FromSeconds(1), KillGrace = TimeSpan.FromSeconds(2),
        };
        var settings = SiteSettings.Default with { Launcher = SiteSettings.Default.Launcher with { DelaySec = 0.2 } };
        await new JobLauncherService(_client, options, settings, NullLogger.Instance).RunAsync(CancellationToken.None);
    }

    private static async Task<JobRecord> WaitForStateAsync(long id, Balsam.States.JobState state, TimeSpan limit)
    {
        JobRecord job = null!;
        await WaitForAsync(async () => (job = (await Jobs.QueryAsync(new JobQuery { Ids = [id] }))[0]).State == state, limit,
            () => $"job {id} is {job?.State}: {job?.StateData}");
        return job;
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition, TimeSpan limit, Func<string>? describe = null)
    {
        var deadline = DateTime.UtcNow + limit;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                var log = File.Exists(AgentProcess.LogFile(_folder)) ? File.ReadAllText(AgentProcess.LogFile(_folder)) : "(no agent log)";
                Assert.Fail($"timed out waiting: {describe?.Invoke()}\nagent log:\n{log[Math.Max(0, log.Length - 4000)..]}");
            }

            await Task.Delay(200);
        }
    }
}
