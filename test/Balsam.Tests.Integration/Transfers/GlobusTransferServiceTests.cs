using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Balsam.Apps;
using Balsam.Client;
using Balsam.Jobs;
using Balsam.Launcher.Settings;
using Balsam.Launcher.SiteAgent;
using Balsam.Launcher.SiteAgent.Transfers;
using Balsam.Launcher.SiteAgent.Transfers.Providers;
using Balsam.Launcher.SiteAgent.Transfers.Providers.Globus;
using Balsam.Launcher.SiteAgent.Transfers.Providers.Local;
using Balsam.Sites;
using Balsam.Tests.Integration.Cli;
using Balsam.Tests.Unit.Transfers.Globus;
using Balsam.Transfers;
using Microsoft.Extensions.Logging.Abstractions;
using static Balsam.States.JobState;
using static Balsam.Tests.Unit.Transfers.Globus.RecordedGlobusServer;

namespace Balsam.Tests.Integration.Transfers;

/// <summary>
/// The transfer service with the Globus provider against a real silo and a real HTTP server on loopback that replays the
/// Transfer API's recorded answers (<see cref="RecordedGlobusServer"/>): what the items and jobs end as when a task
/// succeeds, fails, is refused, or when the API never answers, and that other locations go on meanwhile.
/// </summary>
[TestClass]
[DoNotParallelize]
public sealed class GlobusTransferServiceTests
{
    private const string Token = "AgServiceTestToken";
    private const string TaskId = "00000000-0000-0000-0000-0000699934d5"; // the recorded transfer-accepted.json's task_id
    private const string Dtn = "aa752cea-8222-5bc8-acd9-555b090c0ccb";
    private static readonly Guid SiteEndpoint = Guid.Parse("313ce13e-b597-5858-ae13-29e46fea26e6");

    private static CliTestSilo _silo = null!;
    private static BalsamClient _client = null!;
    private static string _root = null!;
    private static int _sites;

    private static IJobServiceGrain Jobs => _client.Cluster.GetGrain<IJobServiceGrain>(0);

    [ClassInitialize]
    public static async Task StartAsync(TestContext _)
    {
        _silo = await CliTestSilo.StartAsync("globus");
        _client = await _silo.ConnectAsync();
        _root = Directory.CreateTempSubdirectory("balsam-globus-").FullName;
    }

    [ClassCleanup]
    public static async Task StopAsync()
    {
        await _client.DisposeAsync();
        await _silo.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    [TestMethod]
    public async Task ATaskThatSucceedsMarksItsItemsDoneAndTheJobStagesIn()
    {
        await using var server = new RecordedGlobusServer().Accepting(TaskId, "task-active.json", "task-succeeded.json");
        var site = await SiteAsync(server);
        var job = await JobAsync(site, "ok/one", new() { ["a"] = "dtn:/projects/demo/a.txt", ["inputs"] = "dtn:/projects/demo/set" });

        Assert.AreEqual(1, await site.Service.CycleAsync(CancellationToken.None), "both items travel in one task");
        var items = await ItemsAsync(job);
        Assert.IsTrue(items.All(i => i.State == TransferItemState.Active && i.TaskId == $"globus:{TaskId}"), Describe(items));
        await site.Service.CycleAsync(CancellationToken.None); // ACTIVE
        await site.Service.CycleAsync(CancellationToken.None); // SUCCEEDED

        items = await ItemsAsync(job);
        Assert.IsTrue(items.All(i => i.State == TransferItemState.Done), Describe(items));
        StringAssert.Contains(items[0].TransferInfo, "0 files, 0 bytes");
        await WaitForStagedInAsync(job);

        var requests = server.Requests.ToList();
        CollectionAssert.AreEqual(
            new[] { "GET /v0.10/submission_id", "POST /v0.10/transfer", $"GET /v0.10/task/{TaskId}", $"GET /v0.10/task/{TaskId}" },
            requests.Select(r => $"{r.Method} {r.Path}").ToArray());
        Assert.IsTrue(requests.All(r => r.Authorization == $"Bearer {Token}"));
        using var transfer = JsonDocument.Parse(requests[1].Body);
        Assert.AreEqual(Dtn, transfer.RootElement.GetProperty("source_endpoint").GetString());
        Assert.AreEqual(SiteEndpoint.ToString(), transfer.RootElement.GetProperty("destination_endpoint").GetString());
        var paths = transfer.RootElement.GetProperty("DATA").EnumerateArray()
            .Select(i => $"{i.GetProperty("source_path").GetString()} -> {i.GetProperty("destination_path").GetString()} {i.GetProperty("recursive").GetBoolean()}")
            .Order().ToArray();
        var workdir = Path.Combine(site.Folder, "data", "ok", "one");
        CollectionAssert.AreEqual(new[]
        {
            $"/projects/demo/a.txt -> {workdir}/in_a.txt False",
            $"/projects/demo/set -> {workdir}/inputs True",
        }, paths);
    }

    [TestMethod]
    public async Task ATaskThatEndsFailedRecordsItsFatalErrorOnItsItemsAndFailsTheJob()
    {
        await using var server = new RecordedGlobusServer().Accepting(TaskId, "task-failed.json");
        var site = await SiteAsync(server);
        var job = await JobAsync(site, "failed/one", new() { ["a"] = "dtn:/projects/demo/a.txt" });

        await site.Service.CycleAsync(CancellationToken.None);
        await site.Service.CycleAsync(CancellationToken.None);

        var item = (await ItemsAsync(job)).Single();
        Assert.AreEqual(TransferItemState.Error, item.State);
        StringAssert.Contains(item.TransferInfo, "Globus task FAILED: FILE_NOT_FOUND: No such file or directory: /~/inputs/b.txt");
        var failed = await WaitForStateAsync(job, Failed);
        StringAssert.Contains(failed.StateData, "FILE_NOT_FOUND");
    }

    [TestMethod]
    public async Task ARefusedTransferRecordsTheApisCodeAndMessageOnItsItems()
    {
        await using var server = new RecordedGlobusServer()
            .On("GET", "submission_id", Answer.File("submission-id.json"))
            .On("POST", "transfer", Answer.File("endpoint-permission-denied-403.json", HttpStatusCode.Forbidden));
        var site = await SiteAsync(server);
        var job = await JobAsync(site, "refused/one", new() { ["a"] = "dtn:/projects/demo/a.txt" });

        Assert.AreEqual(0, await site.Service.CycleAsync(CancellationToken.None));

        var item = (await ItemsAsync(job)).Single();
        Assert.AreEqual(TransferItemState.Error, item.State);
        StringAssert.Contains(item.TransferInfo, "403 EndpointPermissionDenied: Denied by endpoint");
        StringAssert.Contains(item.TransferInfo, "request_id aaabbbccc");
        await WaitForStateAsync(job, Failed);
    }

    [TestMethod]
    public async Task AGlobusApiThatNeverAnswersTimesOutAndTheOtherLocationGoesOn()
    {
        await using var server = new RecordedGlobusServer().On("GET", "submission_id", Silence);
        var site = await SiteAsync(server, timeout: TimeSpan.FromSeconds(2));
        var local = Directory.CreateDirectory(Path.Combine(_root, "local-source")).FullName;
        File.WriteAllText(Path.Combine(local, "a.txt"), "alpha\n");
        var stuck = await JobAsync(site, "stuck/one", new() { ["a"] = "dtn:/projects/demo/a.txt" });
        var moving = await JobAsync(site, "moving/one", new() { ["a"] = $"here:{local}/a.txt" });

        var watch = Stopwatch.StartNew();
        var submitted = await site.Service.CycleAsync(CancellationToken.None);
        var cycle = watch.Elapsed;

        Assert.AreEqual(1, submitted, "the local task went out although Globus did not answer");
        Assert.IsTrue(cycle >= TimeSpan.FromSeconds(1.9) && cycle < TimeSpan.FromSeconds(15), $"the cycle took {cycle.TotalSeconds:0.0} s");
        var waiting = (await ItemsAsync(stuck)).Single();
        Assert.AreEqual(TransferItemState.Pending, waiting.State, "the Globus item waits for the next cycle");
        StringAssert.Contains(waiting.TransferInfo, "did not answer within 2 s (transfers.globus_timeout_sec)");
        await WaitForAsync(async () =>
        {
            await site.Service.CycleAsync(CancellationToken.None);
            return (await ItemsAsync(moving)).Single().State == TransferItemState.Done;
        }, TimeSpan.FromSeconds(60));
        Assert.AreEqual("alpha\n", File.ReadAllText(Path.Combine(site.Folder, "data", "moving", "one", "in_a.txt")));
        await WaitForStagedInAsync(moving);
        Assert.AreEqual(Ready, (await Jobs.QueryAsync(new JobQuery { Ids = [stuck.Id] }))[0].State, "the Globus job still waits");
        Console.WriteLine($"a cycle with a silent Globus API (time-out 2 s) took {cycle.TotalSeconds:0.0} s");
    }

    [TestMethod]
    public async Task AnUnreachableGlobusApiLeavesTheItemsPendingAndTheNextCycleSendsThem()
    {
        var down = new RecordedGlobusServer();
        var site = await SiteAsync(down);
        await down.DisposeAsync(); // nothing listens on the API's port
        var job = await JobAsync(site, "unreachable/one", new() { ["a"] = "dtn:/projects/demo/a.txt" });

        Assert.AreEqual(0, await site.Service.CycleAsync(CancellationToken.None));

        var item = (await ItemsAsync(job)).Single();
        Assert.AreEqual(TransferItemState.Pending, item.State, "nothing is wrong with the item: it waits");
        StringAssert.Contains(item.TransferInfo, "could not be reached");
        Assert.AreEqual(Ready, (await Jobs.QueryAsync(new JobQuery { Ids = [job.Id] }))[0].State, "the job is not failed");
    }

    [TestMethod]
    public async Task NoTokenFailsTheItemsWithAMessageNamingTheSetting()
    {
        await using var server = new RecordedGlobusServer().Accepting(TaskId, "task-succeeded.json");
        var site = await SiteAsync(server, token: null);
        var job = await JobAsync(site, "token/one", new() { ["a"] = "dtn:/projects/demo/a.txt" });

        await site.Service.CycleAsync(CancellationToken.None);

        var item = (await ItemsAsync(job)).Single();
        Assert.AreEqual(TransferItemState.Error, item.State);
        StringAssert.Contains(item.TransferInfo, "no Globus token: set transfers.globus_access_token in this site's settings.yml, or run `globus login`");
        Assert.IsEmpty(server.Requests, "nothing was sent without a token");
    }

    [TestMethod]
    public async Task AnAgentWithAGlobusEndpointButNoTokenSaysSoInSiteLsAndItsLog()
    {
        var home = Directory.CreateDirectory(Path.Combine(_root, "user-without-login")).FullName;
        var cli = new BalsamCliRunner(_silo, Path.Combine(_root, "balsam-home")) { ProcessEnvironment = { ["HOME"] = home } };
        (await cli.RunAsync(_root, "site", "init", "nologin", "--platform", "linux")).Succeeded();
        var folder = Path.Combine(_root, "nologin");
        var settingsFile = Path.Combine(folder, "settings.yml");
        File.WriteAllText(settingsFile, File.ReadAllText(settingsFile)
            .Replace("  transfer_locations: {}", $"  transfer_locations:\n    dtn: globus://{Dtn}")
            .Replace("  globus_endpoint_id: null", $"  globus_endpoint_id: {SiteEndpoint}"));
        (await cli.RunProcessAsync(folder, "site", "start")).Succeeded();
        try
        {
            var problem = "transfers.globus_endpoint_id is set, but no Globus token: set transfers.globus_access_token";
            string ls = "";
            await WaitForAsync(async () => (ls = (await cli.RunAsync(_root, "site", "ls")).Succeeded().Out).Contains(problem, StringComparison.Ordinal),
                TimeSpan.FromSeconds(60), () => ls);
            StringAssert.Contains(ls, $"{home}/.globus/cli/storage.db", "the problem names where it looked");
            StringAssert.Contains(File.ReadAllText(AgentProcess.LogFile(folder)), problem);
        }
        finally
        {
            (await cli.RunProcessAsync(folder, "site", "stop")).Succeeded();
        }
    }

    private sealed record TestSite(long Id, string Folder, TransferService Service);

    /// <summary>A site of its own (so no other test's items reach this server), with a dtn (Globus) and a here (local) location.</summary>
    private static async Task<TestSite> SiteAsync(RecordedGlobusServer server, TimeSpan? timeout = null, string? token = Token)
    {
        var name = $"globus{Interlocked.Increment(ref _sites)}";
        var folder = Directory.CreateDirectory(Path.Combine(_root, name)).FullName;
        var locations = new Dictionary<string, string> { ["dtn"] = $"globus://{Dtn}", ["here"] = "local://localhost" };
        var site = await _client.Sites.CreateAsync(new SiteSpec
        {
            Name = name, Path = folder,
            Settings = new SiteSettingsSummary { TransferLocations = new(locations), GlobusEndpointId = SiteEndpoint },
        });
        await _client.Apps.RegisterAsync(site.Id, new AppDefinition
        {
            Name = "Stage",
            CommandTemplate = "true",
            Transfers = new()
            {
                ["a"] = new TransferSlot { Required = true, Direction = TransferDirection.In, LocalPath = "in_a.txt" },
                ["inputs"] = new TransferSlot { Direction = TransferDirection.In, LocalPath = "inputs", Recursive = true },
            },
        });
        var settings = new TransferSettings { TransferLocations = locations, GlobusEndpointId = SiteEndpoint, GlobusAccessToken = token };
        var api = new GlobusTransferClient(new HttpClient(), server.Url,
            new GlobusTokenSource(token, Path.Combine(_root, "no-home"), _ => null), timeout ?? TimeSpan.FromSeconds(20));
        var providers = new Dictionary<string, ITransferProvider>
        {
            [GlobusTransferProvider.Name] = new GlobusTransferProvider(api, SiteEndpoint, folder, null),
            [LocalTransferProvider.Name] = new LocalTransferProvider(),
        };
        return new TestSite(site.Id, folder, new TransferService(_client, site.Id, folder, settings, providers, NullLogger.Instance));
    }

    private static async Task<JobRecord> JobAsync(TestSite site, string workdir, Dictionary<string, string> transfers)
    {
        var job = (await Jobs.CreateAsync([new JobSpec { SiteId = site.Id, AppName = "Stage", Workdir = workdir, Transfers = transfers }]))[0];
        Assert.AreEqual(Ready, job.State, "a job with stage-in items waits in READY");
        return job;
    }

    private static async Task<List<TransferItemRecord>> ItemsAsync(JobRecord job) =>
        [.. await Jobs.TransferItemsAsync(new TransferItemQuery { JobIds = [job.Id] })];

    private static string Describe(IEnumerable<TransferItemRecord> items) =>
        string.Join(", ", items.Select(i => $"{i.Slot}={i.State} {i.TaskId} {i.TransferInfo}"));

    private static async Task<JobRecord> WaitForStateAsync(JobRecord job, Balsam.States.JobState state)
    {
        JobRecord now = job;
        await WaitForAsync(async () => (now = (await Jobs.QueryAsync(new JobQuery { Ids = [job.Id] }))[0]).State == state,
            TimeSpan.FromSeconds(60), () => $"job {job.Id} is {now.State}: {now.StateData}");
        return now;
    }

    /// <summary>Waits for READY -> STAGED_IN (the silo may move the job on at once, to PREPROCESSED).</summary>
    private static Task WaitForStagedInAsync(JobRecord job) =>
        WaitForAsync(async () => (await Jobs.EventsAsync(new EventQuery { JobIds = [job.Id] })).Any(e => e.From == Ready && e.To == StagedIn),
            TimeSpan.FromSeconds(60), () => $"job {job.Id} never went READY -> STAGED_IN");

    private static async Task WaitForAsync(Func<Task<bool>> condition, TimeSpan limit, Func<string>? describe = null)
    {
        var deadline = DateTime.UtcNow + limit;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"timed out waiting: {describe?.Invoke()}");
            }

            await Task.Delay(200);
        }
    }
}
