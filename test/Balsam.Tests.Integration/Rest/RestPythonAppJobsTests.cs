using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Balsam.Apps;
using Balsam.Client;
using Balsam.Jobs;
using Balsam.Launcher.Pilot;
using Balsam.Launcher.Settings;
using Balsam.Launcher.SiteAgent;
using Balsam.Sites;
using Microsoft.Extensions.Logging.Abstractions;
using static Balsam.Tests.Integration.Rest.RestFixture;
using static Balsam.Tests.Integration.Rest.RestJobsWorld;

namespace Balsam.Tests.Integration.Rest;

/// <summary>
/// Jobs of apps registered by Balsam's Python client: they wait in STAGED_IN and RUN_DONE for a processing service (Balsam's
/// Python one over REST, or ours with the default moves), and only Balsam's Python launcher leases them, never ours.
/// </summary>
[TestClass]
[DoNotParallelize]
public sealed class RestPythonAppJobsTests
{
    private static readonly string[] ProcessingStates = ["STAGED_IN", "RUN_DONE", "RUN_ERROR", "RUN_TIMEOUT"];
    private static readonly string[] LauncherStates = ["PREPROCESSED", "RESTART_READY"];
    private static RestFixture _rest = null!;
    private static string _root = null!;

    public TestContext TestContext { get; set; } = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext _)
    {
        _rest = await RestFixture.StartAsync("restpyapps");
        _root = Directory.CreateTempSubdirectory("balsam-pyapps-").FullName;
    }

    [ClassCleanup]
    public static async Task StopAsync()
    {
        await _rest.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    private string User => "py" + TestContext.TestName!.ToLowerInvariant()[..12];

    private HttpClient Me => _rest.For(User);

    [TestMethod]
    public async Task APythonAppsJobRestsInStagedInUntilAPythonAgentStylePatchMovesItAndInRunDoneUntilItsPostprocess()
    {
        var (siteId, appId) = await PythonSiteAsync("rests");
        var created = await CreateAsync(Me, Job(appId, "hello/0"), Job(appId, "hello/1"), Job(appId, "hello/2"));
        Assert.IsTrue(created.All(j => j.GetProperty("state").GetString() == "STAGED_IN"), "a Python app's job waits for its preprocess");
        var ids = created.Select(j => j.GetProperty("id").GetInt64()).ToList();

        var launcher = await SessionAsync(siteId);
        Assert.AreEqual(0, (await AcquireAsync(launcher, LauncherStates)).Count, "nothing is runnable before the preprocess");
        await Task.Delay(500); // nothing of the service's own may move them on in the meantime
        Assert.AreEqual("STAGED_IN", await StateAsync(Me, ids[0]));

        var processing = await SessionAsync(siteId);
        CollectionAssert.AreEquivalent(ids, (await AcquireAsync(processing, ProcessingStates)).Select(Id).ToList());
        await PatchStatesAsync(ids.Select(id => (id, "PREPROCESSED")));
        foreach (var id in ids)
        {
            Assert.AreEqual("PREPROCESSED", await StateAsync(Me, id));
        }

        CollectionAssert.AreEquivalent(ids, (await AcquireAsync(launcher, LauncherStates)).Select(Id).ToList());
        await PatchStatesAsync(ids.Select(id => (id, "RUNNING")));
        await PatchStatesAsync([(ids[0], "RUN_DONE"), (ids[1], "RUN_ERROR"), (ids[2], "RUN_TIMEOUT")]);
        await Task.Delay(500);
        Assert.AreEqual("RUN_DONE", await StateAsync(Me, ids[0]), "a Python app's job waits for its postprocess");

        CollectionAssert.AreEquivalent(ids, (await AcquireAsync(processing, ProcessingStates)).Select(Id).ToList());
        await PatchStatesAsync([(ids[0], "POSTPROCESSED"), (ids[1], "FAILED"), (ids[2], "RESTART_READY")]);
        Assert.AreEqual("JOB_FINISHED", await StateAsync(Me, ids[0]), "nothing to stage out");
        Assert.AreEqual("FAILED", await StateAsync(Me, ids[1]));
        Assert.AreEqual("RESTART_READY", await StateAsync(Me, ids[2]));

        var path = (await GetAsync(Me, $"/events/?job_id={ids[0]}&ordering=timestamp")).GetProperty("results").EnumerateArray()
            .Select(e => e.GetProperty("to_state").GetString()).ToList();
        CollectionAssert.AreEqual(new[] { "STAGED_IN", "PREPROCESSED", "RUNNING", "RUN_DONE", "JOB_FINISHED" }, path,
            "every move came from the client (POSTPROCESSED is stored as JOB_FINISHED: nothing to stage out); no hook was skipped");
    }

    [TestMethod]
    public async Task OurLauncherLeavesPythonAppJobsAloneWhileItRunsTheCSharpJobsOfTheSameSite()
    {
        var (siteId, appId) = await PythonSiteAsync("mixed");
        await using var sdk = await _rest.SdkAsync(User);
        var site = await sdk.Sites.GetAsync(siteId);
        await sdk.Apps.RegisterAsync(siteId, new AppDefinition { Name = "Echo", CommandTemplate = "echo from C#" });
        var jobs = sdk.Cluster.GetGrain<IJobServiceGrain>(0);
        var csharp = await jobs.CreateAsync([.. Enumerable.Range(0, 3).Select(i => new JobSpec { SiteId = siteId, AppName = "Echo", Workdir = $"cs/{i}" })]);
        var python = (await CreateAsync(Me, Job(appId, "py/0"), Job(appId, "py/1"))).Select(Id).ToList();
        var processing = await SessionAsync(siteId);
        await AcquireAsync(processing, ProcessingStates);
        await PatchStatesAsync(python.Select(id => (id, "PREPROCESSED")));
        Assert.IsTrue((await jobs.QueryAsync(new JobQuery { Ids = python })).All(j => j is { State: States.JobState.Preprocessed, SessionId: null }),
            "runnable and free before our launcher starts");

        await Launcher(site, sdk).RunAsync(CancellationToken.None);

        var after = (await jobs.QueryAsync(new JobQuery { SiteIds = [siteId] })).ToDictionary(j => j.Id);
        foreach (var job in csharp)
        {
            Assert.AreEqual(States.JobState.JobFinished, after[job.Id].State, $"C# job {job.Workdir}: {after[job.Id].StateData}");
        }

        foreach (var id in python)
        {
            Assert.AreEqual(States.JobState.Preprocessed, after[id].State, "our launcher did not touch the Python app's job");
            Assert.IsNull(after[id].SessionId, "nor lease it");
            Assert.AreEqual(0, (await jobs.EventsAsync(new EventQuery { JobIds = [id], ToState = States.JobState.Running })).Count);
        }

        var pythonLauncher = await SessionAsync(siteId);
        CollectionAssert.AreEquivalent(python, (await AcquireAsync(pythonLauncher, LauncherStates)).Select(Id).ToList(),
            "Balsam's Python launcher, over REST, still gets them");
    }

    [TestMethod]
    public async Task OurProcessingServiceGivesPythonAppJobsTheDefaultMovesAndMakesTheirWorkdirs()
    {
        var (siteId, appId) = await PythonSiteAsync("agent");
        await using var sdk = await _rest.SdkAsync(User);
        var site = await sdk.Sites.GetAsync(siteId);
        var ids = (await CreateAsync(Me, Job(appId, "p/done"), Job(appId, "p/error"), Job(appId, "p/timeout"))).Select(Id).ToList();
        using var stop = new CancellationTokenSource();
        var service = new ProcessingService(sdk, siteId, site.Path, NullLogger.Instance) { PollPeriod = TimeSpan.FromMilliseconds(200) }.RunAsync(stop.Token);
        try
        {
            foreach (var id in ids)
            {
                await WaitForStateAsync(Me, id, "PREPROCESSED");
            }

            foreach (var workdir in new[] { "p/done", "p/error", "p/timeout" })
            {
                Assert.IsTrue(Directory.Exists(Path.Combine(site.Path, "data", workdir)), $"{workdir}: made by the preprocess, as Balsam's is");
            }

            var launcher = await SessionAsync(siteId);
            CollectionAssert.AreEquivalent(ids, (await AcquireAsync(launcher, LauncherStates)).Select(Id).ToList());
            await PatchStatesAsync(ids.Select(id => (id, "RUNNING")));
            await PatchStatesAsync([(ids[0], "RUN_DONE"), (ids[1], "RUN_ERROR"), (ids[2], "RUN_TIMEOUT")]);

            await WaitForStateAsync(Me, ids[0], "JOB_FINISHED");
            await WaitForStateAsync(Me, ids[1], "FAILED");
            await WaitForStateAsync(Me, ids[2], "RESTART_READY");
            var failed = await GetAsync(Me, $"/events/?job_id={ids[1]}&to_state=FAILED");
            Assert.AreEqual(1, failed.GetProperty("count").GetInt64());
            Assert.IsFalse(failed.GetRawText().Contains("could not run", StringComparison.Ordinal), "the default handle_error, not a hook that failed to run");
        }
        finally
        {
            await stop.CancelAsync();
            await service;
        }
    }

    /// <summary>A site of the test's user with a folder of its own, and a Python app <c>Hello</c> registered over REST.</summary>
    private async Task<(long SiteId, long AppId)> PythonSiteAsync(string name)
    {
        var folder = Path.Combine(_root, name);
        Directory.CreateDirectory(Path.Combine(folder, "data"));
        var siteId = (await PostAsync(Me, "/sites/", new { name, path = folder })).GetProperty("id").GetInt64();
        var app = new JsonObject
        {
            ["site_id"] = siteId,
            ["name"] = "Hello",
            ["serialized_class"] = "gAWVJwAAAAAAAACMCGRpbGwuX2RpbGyUjApfY3JlYXRlX3R5cGWUk5Q=",
            ["source_code"] = "class Hello(ApplicationDefinition):\n    command_template = 'echo hello {{ name }}'\n",
            ["description"] = "",
            ["parameters"] = new JsonObject(),
            ["transfers"] = new JsonObject(),
        };
        return (siteId, (await PostAsync(Me, "/apps/", app.ToJsonString())).GetProperty("id").GetInt64());
    }

    private async Task<long> SessionAsync(long siteId) =>
        (await PostAsync(Me, "/sessions/", new { site_id = siteId, batch_job_id = (long?)null })).GetProperty("id").GetInt64();

    /// <summary>An acquire as Balsam's Python processing service or launcher sends it.</summary>
    private async Task<List<JsonElement>> AcquireAsync(long sessionId, string[] states) =>
    [
        .. (await PostAsync(Me, $"/sessions/{sessionId}", new
        {
            max_num_jobs = 1000, max_wall_time_min = (int?)null, max_nodes_per_job = (int?)null, max_aggregate_nodes = (double?)null,
            serial_only = false, sort_by = (string?)null, filter_tags = new { }, states, app_ids = Array.Empty<long>(),
        }, HttpStatusCode.OK)).EnumerateArray(),
    ];

    /// <summary>A status update as Balsam's Python services send it: no session id, a naive UTC timestamp.</summary>
    private async Task PatchStatesAsync(IEnumerable<(long Id, string State)> moves) =>
        await PatchAsync(Me, "/jobs/", moves.Select(m => new
        {
            id = m.Id, state = m.State, state_timestamp = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff", System.Globalization.CultureInfo.InvariantCulture),
            state_data = new { },
        }).ToArray());

    private static long Id(JsonElement row) => row.GetProperty("id").GetInt64();

    private static JobLauncherService Launcher(SiteInfo site, BalsamClient client) => new(client, new LauncherOptions
    {
        Mode = LauncherMode.Mpi,
        WallTime = TimeSpan.FromSeconds(120),
        SiteFolder = site.Path,
        SiteId = site.Id,
        IdleTtl = TimeSpan.FromSeconds(2),
        KillGrace = TimeSpan.FromSeconds(2),
    }, SiteSettings.Default with { Launcher = SiteSettings.Default.Launcher with { DelaySec = 0.2 } }, NullLogger.Instance);
}
