using System.Net;
using System.Text.Json;
using static Balsam.Tests.Integration.Rest.RestFixture;
using static Balsam.Tests.Integration.Rest.RestJobsWorld;

namespace Balsam.Tests.Integration.Rest;

[TestClass]
[DoNotParallelize]
public sealed class RestSessionsTests
{
    private static RestFixture _rest = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext _) => _rest = await RestFixture.StartAsync("restsessions");

    [ClassCleanup]
    public static async Task StopAsync() => await _rest.DisposeAsync();

    [TestMethod]
    public async Task AFullRunOverRestOnlyEndsInJobFinishedWithItsEvents()
    {
        var alice = _rest.For("alice");
        var (siteId, csharpApp) = await SiteWithAppAsync(_rest, "alice");
        var appId = await PythonAppAsync(alice, siteId);
        var ids = (await CreateAsync(alice, Job(appId, "run/1"), Job(appId, "run/2"))).Select(r => r.GetProperty("id").GetInt64()).ToList();
        var csharpJob = (await CreateAsync(alice, Job(csharpApp, "run/csharp"))).Single().GetProperty("id").GetInt64();
        await PreprocessAsync(alice, ids);

        var session = await PostAsync(alice, "/sessions/", new { site_id = siteId });
        var sessionId = session.GetProperty("id").GetInt64();
        Assert.AreEqual(siteId, session.GetProperty("site_id").GetInt64());
        var acquired = (await PostAsync(alice, $"/sessions/{sessionId}", new { max_num_jobs = 10, filter_tags = new { } }, HttpStatusCode.OK)).EnumerateArray().ToList();
        CollectionAssert.AreEquivalent(ids, acquired.Select(j => j.GetProperty("id").GetInt64()).ToList(),
            "the Python app's jobs; the C# app's job waits for a launcher of ours, as Balsam's cannot load it");
        Assert.AreEqual(JsonValueKind.Null, (await GetAsync(alice, $"/jobs/{csharpJob}")).GetProperty("session_id").ValueKind);
        Assert.IsTrue(acquired.All(j => j.GetProperty("session_id").GetInt64() == sessionId));
        Assert.AreEqual(0, (await PostAsync(alice, $"/sessions/{sessionId}", new { max_num_jobs = 10, filter_tags = new { } }, HttpStatusCode.OK)).GetArrayLength(),
            "held jobs are not handed out twice");

        Assert.AreEqual(2, (await PatchAsync(alice, "/jobs/", ids.Select(id => new { id, state = "RUNNING", state_data = new { num_nodes = 1 } }).ToArray())).GetInt32());
        Assert.AreEqual(2, (await PatchAsync(alice, "/jobs/", ids.Select(id => new { id, state = "RUN_DONE" }).ToArray())).GetInt32());
        foreach (var id in ids)
        {
            await WaitForStateAsync(alice, id, "RUN_DONE"); // a Python app's job waits there for Balsam's processing service
        }

        Assert.AreEqual(2, (await PatchAsync(alice, "/jobs/", ids.Select(id => new { id, state = "POSTPROCESSED" }).ToArray())).GetInt32());
        foreach (var id in ids)
        {
            await WaitForStateAsync(alice, id, "JOB_FINISHED");
        }

        var events = await GetAsync(alice, $"/events/?job_id={ids[0]}&ordering=timestamp");
        var path = events.GetProperty("results").EnumerateArray().Select(e => e.GetProperty("to_state").GetString()).ToList();
        CollectionAssert.IsSubsetOf(new[] { "PREPROCESSED", "RUNNING", "RUN_DONE", "JOB_FINISHED" }, path);
        Assert.AreEqual("RUNNING", path[path.IndexOf("RUN_DONE") - 1]);
        Assert.AreEqual(1, events.GetProperty("results").EnumerateArray().Single(e => e.GetProperty("to_state").GetString() == "RUNNING")
            .GetProperty("data").GetProperty("num_nodes").GetInt32());

        Assert.IsNull((await PutAsync(alice, $"/sessions/{sessionId}", new { })).ValueKind is JsonValueKind.Null or JsonValueKind.Undefined ? null : "body");
        await DeleteAsync(alice, $"/sessions/{sessionId}");
        await DeleteAsync(alice, $"/sessions/{sessionId}", HttpStatusCode.NotFound);
    }

    [TestMethod]
    public async Task AcquireHonoursBalsamsFiltersAndDeleteTimesOutRunningJobsAndReleasesTheRest()
    {
        var alice = _rest.For("alice");
        var (siteId, _) = await SiteWithAppAsync(_rest, "alice");
        var appId = await PythonAppAsync(alice, siteId);
        var ids = (await CreateAsync(alice, Job(appId, "a/1", tags: new { kind = "x" }, wallTime: 10), Job(appId, "a/2", tags: new { kind = "x" }, wallTime: 100),
            Job(appId, "a/3", tags: new { kind = "y" }))).Select(r => r.GetProperty("id").GetInt64()).ToList();
        await PreprocessAsync(alice, ids);
        var sessionId = (await PostAsync(alice, "/sessions/", new { site_id = siteId })).GetProperty("id").GetInt64();

        var tagged = await PostAsync(alice, $"/sessions/{sessionId}",
            new { max_num_jobs = 10, filter_tags = new { kind = "x" }, max_wall_time_min = 50 }, HttpStatusCode.OK);
        CollectionAssert.AreEqual(new[] { ids[0] }, tagged.EnumerateArray().Select(j => j.GetProperty("id").GetInt64()).ToList());
        Assert.AreEqual(0, (await PostAsync(alice, $"/sessions/{sessionId}",
            new { max_num_jobs = 10, filter_tags = new { }, app_ids = new[] { appId + 1000 } }, HttpStatusCode.OK)).GetArrayLength());
        Assert.AreEqual(0, (await PostAsync(alice, $"/sessions/{sessionId}",
            new { max_num_jobs = 10, filter_tags = new { }, states = new[] { "RUN_DONE" } }, HttpStatusCode.OK)).GetArrayLength());
        var rest = await PostAsync(alice, $"/sessions/{sessionId}", new { max_num_jobs = 1, filter_tags = new { }, max_aggregate_nodes = 1.0, sort_by = "long_large_first" }, HttpStatusCode.OK);
        CollectionAssert.AreEqual(new[] { ids[1] }, rest.EnumerateArray().Select(j => j.GetProperty("id").GetInt64()).ToList(), "longest first");

        var tooMany = await PostAsync(alice, $"/sessions/{sessionId}", new { max_num_jobs = 2049, filter_tags = new { } }, HttpStatusCode.BadRequest);
        StringAssert.Contains(tooMany.GetProperty("detail").GetString(), "max_num_jobs");
        await PostAsync(alice, $"/sessions/{sessionId}", new { max_num_jobs = 1 }, HttpStatusCode.UnprocessableEntity);

        var listed = await GetAsync(alice, $"/sessions/?id={sessionId}&id=999999");
        Assert.AreEqual(1, listed.GetProperty("count").GetInt64());
        Assert.AreEqual(sessionId, RestFixture.ResultIds(listed)[0]);

        await PutAsync(alice, $"/jobs/{ids[0]}", new { state = "RUNNING" });
        await DeleteAsync(alice, $"/sessions/{sessionId}");
        await WaitForStateAsync(alice, ids[0], "RUN_TIMEOUT");
        var released = await GetAsync(alice, $"/jobs/{ids[1]}");
        Assert.AreEqual("PREPROCESSED", released.GetProperty("state").GetString());
        Assert.AreEqual(JsonValueKind.Null, released.GetProperty("session_id").ValueKind);
    }

    [TestMethod]
    public async Task ListingWithoutIdsGivesTheCallersOpenSessionsOfAllTheirSitesPagedAndNoOneElses()
    {
        var dave = _rest.For("dave");
        var (siteA, _) = await SiteWithAppAsync(_rest, "dave");
        var (siteB, _) = await SiteWithAppAsync(_rest, "dave");
        var opened = new List<long>();
        foreach (var site in new[] { siteA, siteB, siteA })
        {
            opened.Add((await PostAsync(dave, "/sessions/", new { site_id = site })).GetProperty("id").GetInt64());
        }

        var (erinSite, _) = await SiteWithAppAsync(_rest, "erin");
        var erin = _rest.For("erin");
        var erinsSession = (await PostAsync(erin, "/sessions/", new { site_id = erinSite })).GetProperty("id").GetInt64();

        var all = await GetAsync(dave, "/sessions/");
        Assert.AreEqual(3, all.GetProperty("count").GetInt64());
        CollectionAssert.AreEqual(opened, ResultIds(all), "ordered by id; another user's session is absent");
        var second = all.GetProperty("results")[1];
        Assert.AreEqual(siteB, second.GetProperty("site_id").GetInt64());
        Assert.AreEqual(JsonValueKind.Null, second.GetProperty("batch_job_id").ValueKind);
        Assert.IsTrue(DateTime.TryParse(second.GetProperty("heartbeat").GetString(), out _));

        var page = await GetAsync(dave, "/sessions/?limit=2&offset=1");
        Assert.AreEqual(3, page.GetProperty("count").GetInt64(), "count is of every match, not of the page");
        CollectionAssert.AreEqual(opened.Skip(1).ToList(), ResultIds(page));
        CollectionAssert.AreEqual(new[] { opened[0] }, ResultIds(await GetAsync(dave, $"/sessions/?id={opened[0]}&id={erinsSession}")));

        await DeleteAsync(dave, $"/sessions/{opened[1]}");
        var afterClose = await GetAsync(dave, "/sessions/");
        Assert.AreEqual(2, afterClose.GetProperty("count").GetInt64(), "a closed session is no longer listed");
        CollectionAssert.AreEqual(new[] { opened[0], opened[2] }, ResultIds(afterClose));
        CollectionAssert.AreEqual(new[] { erinsSession }, ResultIds(await GetAsync(erin, "/sessions/")));

        var bad = await GetAsync(dave, "/sessions/?limit=-1&offset=x", HttpStatusCode.UnprocessableEntity);
        CollectionAssert.IsSubsetOf(new[] { "query.limit", "query.offset" }, SchemaErrorFields(bad));
    }

    [TestMethod]
    public async Task AnotherUsersSessionsAndSitesAre404()
    {
        var (siteId, _) = await SiteWithAppAsync(_rest, "carol");
        var sessionId = (await PostAsync(_rest.For("carol"), "/sessions/", new { site_id = siteId })).GetProperty("id").GetInt64();
        var bob = _rest.For("bob");

        await PostAsync(bob, "/sessions/", new { site_id = siteId }, HttpStatusCode.NotFound);
        await PostAsync(bob, $"/sessions/{sessionId}", new { max_num_jobs = 1, filter_tags = new { } }, HttpStatusCode.NotFound);
        await PutAsync(bob, $"/sessions/{sessionId}", new { }, HttpStatusCode.NotFound);
        await DeleteAsync(bob, $"/sessions/{sessionId}", HttpStatusCode.NotFound);
        Assert.AreEqual(0, (await GetAsync(bob, $"/sessions/?id={sessionId}")).GetProperty("count").GetInt64());
        CollectionAssert.DoesNotContain(ResultIds(await GetAsync(bob, "/sessions/")), sessionId);
        await PutAsync(_rest.For("carol"), $"/sessions/{sessionId}", new { });
    }
}
