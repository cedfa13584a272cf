using Balsam.Tests.Integration.Infrastructure;
using Balsam.Tests.Integration.Rest.PythonClient;

namespace Balsam.Tests.Integration.Rest;

/// <summary>
/// Balsam's own Python client, without Python: the requests it really sent to a silo (recorded through a logging proxy
/// while running <c>balsam login</c>, <c>balsam site init</c>, <c>balsam site start</c>, an app sync, a bulk create,
/// <c>balsam job ls</c>, <c>balsam queue submit</c>, the site agent's processing service and the launcher; see
/// <c>Rest/README.md</c>), replayed byte for byte
/// against a real silo. Each answer must carry what the client reads from it (<c>PythonClient/client-models.json</c>,
/// from Balsam's pydantic schemas), or the real client would crash or retry for half an hour.
/// </summary>
[TestClass]
[DoNotParallelize]
public sealed class PythonClientReplayTests
{
    private const string User = "pyclient";
    private static RestFixture _rest = null!;
    private static RecordedSequence _recorded = null!;
    private static ClientModels _models = null!;

    public TestContext TestContext { get; set; } = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext _)
    {
        _recorded = RecordedSequence.Load();
        _models = ClientModels.Load();
        _rest = await RestFixture.StartAsync("pyreplay");
    }

    [ClassCleanup]
    public static async Task StopAsync() => await _rest.DisposeAsync();

    [TestMethod]
    public async Task LoginSiteInitAndTheSiteAgentsStartGetWhatTheClientReads()
    {
        var replay = Replayer();
        await replay.PlayAsync(Scenes("login", "site-init", "site-start"));
    }

    [TestMethod]
    public async Task AppSyncFromAPythonApplicationDefinitionCreatesTheAppThenUpdatesItInPlace()
    {
        var replay = Replayer();
        await replay.PlayAsync(Scenes("site-init", "app-sync", "app-resync"));
    }

    [TestMethod]
    public async Task BulkCreateAndJobLsGetRowsTheClientParses()
    {
        var replay = Replayer();
        await replay.PlayAsync(Scenes("site-init", "app-sync", "bulk-create", "job-ls"));
    }

    [TestMethod]
    public async Task QueueSubmitAndTheSchedulerServicesCycleGetWhatTheClientReads()
    {
        var replay = Replayer();
        await replay.PlayAsync(Scenes("site-init", "site-start", "queue-submit", "scheduler-cycle"));
    }

    [TestMethod]
    public async Task TheProcessingServiceAcquiresThePythonAppsJobsInStagedInAndPreprocessesThem()
    {
        var replay = Replayer();
        await replay.PlayAsync(Scenes("site-init", "app-sync", "bulk-create", "processing-start", "processing-preprocess", "jobs-preprocessed"));
    }

    [TestMethod]
    public async Task TheLaunchersSessionAndTheProcessingServiceRunTheJobsToJobFinished()
    {
        var replay = Replayer();
        await replay.PlayAsync(Scenes("site-init", "app-sync", "bulk-create", "processing-start", "processing-preprocess", "launcher", "jobs-finished"));
    }

    /// <summary>A replay with a site of its own (the recorded name and path belong to one run of the client).</summary>
    private SequenceReplayer Replayer()
    {
        var name = $"py-{TestContext.TestName!.GetHashCode(StringComparison.Ordinal):x8}-{Guid.NewGuid():N}"[..24];
        var known = new Dictionary<string, string>
        {
            ["user"] = User,
            ["password"] = TestUsers.Password,
            ["site_name"] = name,
            ["site_path"] = Path.Combine(Path.GetTempPath(), "pyclient-sites", name),
        };
        return new SequenceReplayer(_rest.For(User), _rest.Anonymous, _models, known);
    }

    private static IEnumerable<RecordedStep> Scenes(params string[] names) =>
        names.SelectMany(name => _recorded.Scenes.TryGetValue(name, out var steps) ? steps : throw new AssertFailedException($"no recorded scene {name}"));
}
